// Over 300 lines: every group_open_http_svc command's conformance cases and bad input, in Tencent's docs' order.
import { text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/group_open_http_svc/*` driven as Tencent's REST docs show it; effects checked on real gateway WebSockets. */
const suite = suiteParley();
const svc = 'group_open_http_svc';

/** Declares a group field and a member field, as Tencent's console does (configuration.md). */
const withCustomFields = {
  customFields: {
    group: [{ name: 'Level', readScope: 'public', writeScope: 'owner' }],
    groupMember: [{ name: 'Rank', readScope: 'admins', writeScope: 'admins' }],
  },
};

async function newApp(config?: unknown): Promise<V4App> {
  const app = await suite.newV4App(config);
  const users = ['alice', 'bob', 'carol', 'dave'];
  const imported = await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts: users });
  expect(imported.body.ErrorCode).toBe(0);
  return app;
}

async function ok(app: V4App, command: string, body: unknown) {
  const reply = await app.rest.call(`${svc}/${command}`, body);
  expect(reply.status).toBe(200);
  expect(reply.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
  return reply.body as Record<string, unknown>;
}

async function failsWith(app: V4App, command: string, body: unknown, code: number): Promise<void> {
  const reply = await app.rest.call(`${svc}/${command}`, body);
  expect(reply.status).toBe(200);
  expect(reply.body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
}

/** A Public group owned by alice with bob as a member. */
async function publicGroup(app: V4App, fields: Record<string, unknown> = {}): Promise<string> {
  const created = await ok(app, 'create_group', {
    Owner_Account: 'alice',
    Type: 'Public',
    Name: 'TestGroup',
    MemberList: [{ Member_Account: 'bob' }],
    ...fields,
  });
  return created.GroupId as string;
}

let nextRandom = 5000;

describe('create_group', () => {
  it('creates the group with its owner, members, roles and custom data; answers GroupId', async () => {
    const app = await newApp(withCustomFields);
    const created = await ok(app, 'create_group', {
      Owner_Account: 'alice',
      Type: 'Public',
      GroupId: 'rest_group_1',
      Name: 'TestGroup',
      Introduction: 'intro',
      Notification: 'notice',
      FaceUrl: 'http://this.is.face.url',
      MaxMemberCount: 500,
      ApplyJoinOption: 'FreeAccess',
      MemberList: [
        { Member_Account: 'bob', Role: 'Admin', AppMemberDefinedData: [{ Key: 'Rank', Value: 'gold' }] },
        { Member_Account: 'carol' },
      ],
      AppDefinedData: [{ Key: 'Level', Value: '3' }],
    });
    expect(created.GroupId).toBe('rest_group_1');
    const info = await ok(app, 'get_group_info', { GroupIdList: ['rest_group_1'] });
    expect(info.GroupInfo).toEqual([
      expect.objectContaining({
        GroupId: 'rest_group_1',
        ErrorCode: 0,
        Type: 'Public',
        Name: 'TestGroup',
        Introduction: 'intro',
        Notification: 'notice',
        Owner_Account: 'alice',
        MemberNum: 3,
        MaxMemberNum: 500,
        ApplyJoinOption: 'FreeAccess',
        ShutUpAllMember: 'Off',
        AppDefinedData: [{ Key: 'Level', Value: '3' }],
      }),
    ]);
    const listed = await ok(app, 'get_group_member_info', { GroupId: 'rest_group_1' });
    expect(listed.MemberList).toContainEqual(
      expect.objectContaining({
        Member_Account: 'bob',
        Role: 'Admin',
        AppMemberDefinedData: [{ Key: 'Rank', Value: 'gold' }],
      }),
    );
    const roles = await ok(app, 'get_role_in_group', {
      GroupId: 'rest_group_1',
      User_Account: ['alice', 'bob', 'carol', 'dave'],
    });
    expect(roles.UserIdList).toEqual([
      { Member_Account: 'alice', Role: 'Owner' },
      { Member_Account: 'bob', Role: 'Admin' },
      { Member_Account: 'carol', Role: 'Member' },
      { Member_Account: 'dave', Role: 'NotMember' },
    ]);
  });

  it('takes Tencent’s REST type names: Private is Work, ChatRoom is Meeting, and answers them back', async () => {
    const app = await newApp();
    const priv = await ok(app, 'create_group', { Owner_Account: 'alice', Type: 'Private', Name: 'w' });
    const room = await ok(app, 'create_group', { Owner_Account: 'alice', Type: 'ChatRoom', Name: 'm' });
    const alice = await suite.login(app.chat, 'alice');
    const joined = await alice.socket.ok('group.joined', {});
    expect(joined.groups.map((g) => [g.groupId, g.type])).toEqual(
      expect.arrayContaining([
        [priv.GroupId, 'Work'],
        [room.GroupId, 'Meeting'],
      ]),
    );
    const info = await ok(app, 'get_group_info', { GroupIdList: [priv.GroupId, room.GroupId] });
    expect((info.GroupInfo as { Type: string }[]).map((g) => g.Type)).toEqual(['Private', 'ChatRoom']);
  });

  it('without Owner_Account the group has no owner', async () => {
    const app = await newApp();
    const created = await ok(app, 'create_group', { Type: 'Public', Name: 'ownerless' });
    const info = await ok(app, 'get_group_info', { GroupIdList: [created.GroupId] });
    expect(info.GroupInfo).toEqual([expect.objectContaining({ Owner_Account: '', MemberNum: 0 })]);
  });

  it('bad input: unknown type, missing name, taken ID, unknown member', async () => {
    const app = await newApp();
    await failsWith(app, 'create_group', { Type: 'Secret', Name: 'x' }, 10004);
    await failsWith(app, 'create_group', { Type: 'Public' }, 10004);
    const adminInWork = {
      Type: 'Private',
      Name: 'w',
      GroupId: 'work_admin',
      MemberList: [{ Member_Account: 'bob', Role: 'Admin' }],
    };
    await failsWith(app, 'create_group', adminInWork, 10003);
    const after = await ok(app, 'get_group_info', { GroupIdList: ['work_admin'] });
    expect(after.GroupInfo).toEqual([expect.objectContaining({ ErrorCode: 10010 })]);
    await ok(app, 'create_group', { Type: 'Public', Name: 'x', GroupId: 'taken_id' });
    await failsWith(app, 'create_group', { Type: 'Public', Name: 'x', GroupId: 'taken_id' }, 10021);
    await failsWith(
      app,
      'create_group',
      { Type: 'Public', Name: 'x', MemberList: [{ Member_Account: 'nobody' }] },
      10019,
    );
  });
});

describe('get_group_info', () => {
  it('answers a per-group ErrorCode for a group that does not exist, and filters fields', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app, { AppDefinedData: [] });
    const info = await ok(app, 'get_group_info', {
      GroupIdList: [groupId, 'no_such_group'],
      ResponseFilter: { GroupBaseInfoFilter: ['Name', 'MemberNum'] },
    });
    expect(info.GroupInfo).toEqual([
      { GroupId: groupId, ErrorCode: 0, ErrorInfo: '', Name: 'TestGroup', MemberNum: 2, AppDefinedData: [] },
      expect.objectContaining({ GroupId: 'no_such_group', ErrorCode: 10010 }),
    ]);
    await failsWith(app, 'get_group_info', { GroupIdList: [] }, 10004);
  });
});

describe('modify_group_base_info', () => {
  it('changes the profile and mutes everyone; members get the tip', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const bob = await suite.login(app.chat, 'bob');
    await ok(app, 'modify_group_base_info', { GroupId: groupId, Name: 'Renamed', ShutUpAllMember: 'On' });
    const info = await ok(app, 'get_group_info', { GroupIdList: [groupId] });
    expect(info.GroupInfo).toEqual([expect.objectContaining({ Name: 'Renamed', ShutUpAllMember: 'On' })]);
    const refused = await bob.socket.fail('group.send', { groupId, random: nextRandom++, body: text('x') });
    expect(refused).toMatchObject({ code: 10017 });
  });

  it('bad input: MaxMemberNum after creation, an empty name, a group that does not exist', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await failsWith(app, 'modify_group_base_info', { GroupId: groupId, MaxMemberNum: 10 }, 10004);
    await failsWith(app, 'modify_group_base_info', { GroupId: groupId, Name: '' }, 10004);
    await failsWith(app, 'modify_group_base_info', { GroupId: 'no_such_group', Name: 'x' }, 10010);
  });
});

describe('add_group_member and delete_group_member', () => {
  it('answers Result 1 added, 2 already a member, 0 failed; the gateway lists the new member', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const added = await ok(app, 'add_group_member', {
      GroupId: groupId,
      MemberList: [{ Member_Account: 'carol' }, { Member_Account: 'bob' }, { Member_Account: 'nobody' }],
    });
    expect(added.MemberList).toEqual([
      { Member_Account: 'carol', Result: 1 },
      { Member_Account: 'bob', Result: 2 },
      { Member_Account: 'nobody', Result: 0 },
    ]);
    const alice = await suite.login(app.chat, 'alice');
    const listed = await alice.socket.ok('group.members', { groupId });
    expect(listed.members.map((m) => m.userId).sort()).toEqual(['alice', 'bob', 'carol']);
  });

  it('delete_group_member removes members; the gateway no longer lists them', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await ok(app, 'delete_group_member', { GroupId: groupId, Silence: 1, MemberToDel_Account: ['bob'] });
    const alice = await suite.login(app.chat, 'alice');
    const listed = await alice.socket.ok('group.members', { groupId });
    expect(listed.members.map((m) => m.userId)).toEqual(['alice']);
    await failsWith(app, 'delete_group_member', { GroupId: groupId, MemberToDel_Account: [] }, 10004);
  });

  it('bad input: no members, an AVChatRoom, a group that does not exist', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await failsWith(app, 'add_group_member', { GroupId: groupId, MemberList: [] }, 10004);
    const av = await ok(app, 'create_group', { Owner_Account: 'alice', Type: 'AVChatRoom', Name: 'live' });
    await failsWith(
      app,
      'add_group_member',
      { GroupId: av.GroupId, MemberList: [{ Member_Account: 'bob' }] },
      10003,
    );
    await failsWith(
      app,
      'add_group_member',
      { GroupId: 'no_such_group', MemberList: [{ Member_Account: 'bob' }] },
      10010,
    );
  });
});

describe('destroy_group', () => {
  it('disbands the group: members get groupDestroyed, the group is gone', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const bob = await suite.login(app.chat, 'bob');
    await ok(app, 'destroy_group', { GroupId: groupId });
    expect(await bob.socket.nextPush('groupDestroyed')).toMatchObject({ groupId, by: 'administrator' });
    await failsWith(app, 'destroy_group', { GroupId: groupId }, 10010);
    await failsWith(app, 'destroy_group', {}, 10004);
  });
});

describe('get_group_member_info and modify_group_member_info', () => {
  it('pages members with Limit and Offset and answers MemberNum', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app, {
      MemberList: [{ Member_Account: 'bob' }, { Member_Account: 'carol' }, { Member_Account: 'dave' }],
    });
    const first = await ok(app, 'get_group_member_info', { GroupId: groupId, Limit: 2, Offset: 0 });
    expect(first.MemberNum).toBe(4);
    const second = await ok(app, 'get_group_member_info', { GroupId: groupId, Limit: 2, Offset: 2 });
    const ids = [
      ...(first.MemberList as { Member_Account: string }[]),
      ...(second.MemberList as { Member_Account: string }[]),
    ].map((m) => m.Member_Account);
    expect(ids.sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
    const viaNext = await ok(app, 'get_group_member_info', { GroupId: groupId, Limit: 2, Next: first.Next });
    expect(viaNext.MemberList).toEqual(second.MemberList);
  });

  it('sets role, name card, mute and custom data of a member', async () => {
    const app = await newApp(withCustomFields);
    const groupId = await publicGroup(app);
    await ok(app, 'modify_group_member_info', {
      GroupId: groupId,
      Member_Account: 'bob',
      Role: 'Admin',
      NameCard: 'Bobby',
      ShutUpTime: 600,
      AppMemberDefinedData: [{ Key: 'Rank', Value: 'silver' }],
    });
    const members = await ok(app, 'get_group_member_info', { GroupId: groupId });
    const bob = (members.MemberList as Record<string, unknown>[]).find((m) => m.Member_Account === 'bob');
    expect(bob).toMatchObject({
      Role: 'Admin',
      NameCard: 'Bobby',
      MsgFlag: 'AcceptAndNotify',
      AppMemberDefinedData: [{ Key: 'Rank', Value: 'silver' }],
    });
    // Only the member sets how they receive messages.
    await failsWith(
      app,
      'modify_group_member_info',
      { GroupId: groupId, Member_Account: 'bob', MsgFlag: 'Discard' },
      10007,
    );
    expect(bob?.ShutUpUntil).toBeGreaterThan(Math.floor(Date.now() / 1000) + 500);
    await failsWith(
      app,
      'modify_group_member_info',
      { GroupId: groupId, Member_Account: 'dave', NameCard: 'x' },
      10004,
    );
    await failsWith(
      app,
      'modify_group_member_info',
      { GroupId: groupId, Member_Account: 'bob', Role: 'Owner' },
      10004,
    );
  });
});

describe('bad input of the member reads', () => {
  it('get_group_member_info, get_group_shutted_uin and get_role_in_group: limits, unknown groups, AVChatRoom', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await failsWith(app, 'get_group_member_info', { GroupId: groupId, Limit: 101 }, 10004);
    await failsWith(app, 'get_group_member_info', { GroupId: 'no_such_group' }, 10010);
    await failsWith(app, 'get_group_shutted_uin', {}, 10004);
    await failsWith(app, 'get_group_shutted_uin', { GroupId: 'no_such_group' }, 10010);
    const av = await ok(app, 'create_group', { Owner_Account: 'alice', Type: 'AVChatRoom', Name: 'live' });
    await failsWith(app, 'get_group_member_info', { GroupId: av.GroupId }, 10003);
    await failsWith(app, 'get_group_shutted_uin', { GroupId: av.GroupId }, 10003);
    await failsWith(app, 'get_role_in_group', { GroupId: av.GroupId, User_Account: ['alice'] }, 10003);
  });
});

describe('get_joined_group_list', () => {
  it('lists the user’s groups with TotalCount, by type, with Limit and Offset', async () => {
    const app = await newApp();
    const first = await publicGroup(app);
    const second = await publicGroup(app);
    const work = await ok(app, 'create_group', {
      Type: 'Private',
      Name: 'w',
      MemberList: [{ Member_Account: 'bob' }],
    });
    const all = await ok(app, 'get_joined_group_list', { Member_Account: 'bob' });
    expect(all.TotalCount).toBe(3);
    const publics = await ok(app, 'get_joined_group_list', { Member_Account: 'bob', GroupType: 'Public' });
    expect((publics.GroupIdList as { GroupId: string }[]).map((g) => g.GroupId).sort()).toEqual(
      [first, second].sort(),
    );
    const page = await ok(app, 'get_joined_group_list', { Member_Account: 'bob', Limit: 1, Offset: 1 });
    expect(page.GroupIdList).toHaveLength(1);
    expect(page.TotalCount).toBe(3);
    const privs = await ok(app, 'get_joined_group_list', { Member_Account: 'bob', GroupType: 'Private' });
    expect(privs.GroupIdList).toEqual([{ GroupId: work.GroupId, Type: 'Private' }]);
    await failsWith(app, 'get_joined_group_list', {}, 10004);
  });
});

describe('get_role_in_group', () => {
  it('bad input: no users, a group that does not exist', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await failsWith(app, 'get_role_in_group', { GroupId: groupId, User_Account: [] }, 10004);
    await failsWith(app, 'get_role_in_group', { GroupId: 'no_such_group', User_Account: ['bob'] }, 10010);
  });
});

describe('forbid_send_msg and get_group_shutted_uin', () => {
  it('mutes members: the gateway refuses their group.send with 10017; 0 (MuteTime or the older ShutUpTime) unmutes', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const bob = await suite.login(app.chat, 'bob');
    await ok(app, 'forbid_send_msg', { GroupId: groupId, Members_Account: ['bob'], MuteTime: 60 });
    const refused = await bob.socket.fail('group.send', { groupId, random: nextRandom++, body: text('x') });
    expect(refused).toMatchObject({ code: 10017, name: 'GROUP_MEMBER_MUTED' });
    const shut = await ok(app, 'get_group_shutted_uin', { GroupId: groupId });
    expect(shut.ShuttedUinList).toEqual([{ Member_Account: 'bob', ShuttedUntil: expect.any(Number) }]);
    await ok(app, 'forbid_send_msg', { GroupId: groupId, Members_Account: ['bob'], ShutUpTime: 0 });
    await bob.socket.ok('group.send', { groupId, random: nextRandom++, body: text('free') });
    expect((await ok(app, 'get_group_shutted_uin', { GroupId: groupId })).ShuttedUinList).toEqual([]);
    await failsWith(app, 'forbid_send_msg', { GroupId: groupId, Members_Account: ['bob'] }, 10004);
    await failsWith(
      app,
      'forbid_send_msg',
      { GroupId: groupId, Members_Account: ['bob'], MuteTime: -1 },
      10004,
    );
  });
});

describe('change_group_owner', () => {
  it('hands the group to a member; a non-member is refused', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    await ok(app, 'change_group_owner', { GroupId: groupId, NewOwner_Account: 'bob' });
    const roles = await ok(app, 'get_role_in_group', { GroupId: groupId, User_Account: ['alice', 'bob'] });
    expect(roles.UserIdList).toEqual([
      { Member_Account: 'alice', Role: 'Member' },
      { Member_Account: 'bob', Role: 'Owner' },
    ]);
    await failsWith(app, 'change_group_owner', { GroupId: groupId, NewOwner_Account: 'dave' }, 10004);
    await failsWith(app, 'change_group_owner', { GroupId: groupId }, 10004);
  });
});

describe('send_group_msg, group_msg_get_simple and group_msg_recall', () => {
  it('a message arrives on a member’s WebSocket; MsgTime and MsgSeq answer it', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const bob = await suite.login(app.chat, 'bob');
    const sent = await ok(app, 'send_group_msg', {
      GroupId: groupId,
      Random: nextRandom++,
      MsgBody: text('hello group'),
      CloudCustomData: 'meta',
    });
    const pushed = await bob.socket.nextPush('message');
    expect(pushed).toMatchObject({ from: 'administrator', to: groupId, body: text('hello group') });
    expect(pushed.seq).toBe(sent.MsgSeq);
    expect(Math.floor(pushed.time / 1000)).toBe(sent.MsgTime);
  });

  it('sends as From_Account with that member’s standing', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const alice = await suite.login(app.chat, 'alice');
    await ok(app, 'send_group_msg', {
      GroupId: groupId,
      From_Account: 'bob',
      Random: nextRandom++,
      MsgBody: text('hi'),
    });
    expect(await alice.socket.nextPush('message')).toMatchObject({ from: 'bob', body: text('hi') });
    await failsWith(
      app,
      'send_group_msg',
      { GroupId: groupId, From_Account: 'dave', Random: nextRandom++, MsgBody: text('x') },
      10007,
    );
    await failsWith(app, 'send_group_msg', { GroupId: groupId, MsgBody: text('x') }, 10004);
    await failsWith(app, 'send_group_msg', { GroupId: groupId, Random: 1, MsgBody: [] }, 10004);
  });

  it('group_msg_get_simple pages newest first from ReqMsgSeq (inclusive) with IsFinished', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const seqs: number[] = [];
    for (const word of ['one', 'two', 'three']) {
      const sent = await ok(app, 'send_group_msg', {
        GroupId: groupId,
        From_Account: 'alice',
        Random: nextRandom++,
        MsgBody: text(word),
      });
      seqs.push(sent.MsgSeq as number);
    }
    const latest = await ok(app, 'group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: 2 });
    expect(latest.GroupId).toBe(groupId);
    expect(latest.IsFinished).toBe(0);
    const list = latest.RspMsgList as {
      MsgSeq: number;
      From_Account: string;
      MsgBody: unknown;
      IsPlaceMsg: number;
    }[];
    expect(list.map((m) => m.MsgSeq)).toEqual([seqs[2], seqs[1]]);
    expect(list[0]).toMatchObject({ From_Account: 'alice', MsgBody: text('three'), IsPlaceMsg: 0 });
    const older = await ok(app, 'group_msg_get_simple', {
      GroupId: groupId,
      ReqMsgSeq: seqs[0],
      ReqMsgNumber: 20,
    });
    expect((older.RspMsgList as { MsgSeq: number }[])[0]?.MsgSeq).toBe(seqs[0]);
    expect(older.IsFinished).toBe(1);
    await failsWith(app, 'group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: 21 }, 10004);
  });

  it('group_msg_recall recalls each seq: members get groupRecalled; an unknown seq fails its item', async () => {
    const app = await newApp();
    const groupId = await publicGroup(app);
    const bob = await suite.login(app.chat, 'bob');
    const sent = await ok(app, 'send_group_msg', {
      GroupId: groupId,
      From_Account: 'alice',
      Random: nextRandom++,
      MsgBody: text('oops'),
    });
    await bob.socket.nextPush('message');
    const recalled = await ok(app, 'group_msg_recall', {
      GroupId: groupId,
      MsgSeqList: [{ MsgSeq: sent.MsgSeq }, { MsgSeq: 9999 }],
    });
    expect(recalled.RecallRetList).toEqual([
      { MsgSeq: sent.MsgSeq, RetCode: 0 },
      { MsgSeq: 9999, RetCode: 10030 },
    ]);
    expect(await bob.socket.nextPush('groupRecalled')).toMatchObject({ groupId, seq: sent.MsgSeq });
    const history = await ok(app, 'group_msg_get_simple', {
      GroupId: groupId,
      ReqMsgNumber: 20,
      WithRecalledMsg: 1,
    });
    const message = (
      history.RspMsgList as { MsgSeq: number; MsgFlagBits: number; MsgBody: unknown[] }[]
    ).find((m) => m.MsgSeq === sent.MsgSeq);
    expect(message).toMatchObject({ MsgFlagBits: 8, MsgBody: [] });
    await failsWith(
      app,
      'group_msg_recall',
      { GroupId: 'no_such_group', MsgSeqList: [{ MsgSeq: 1 }] },
      10010,
    );
    await failsWith(app, 'group_msg_recall', { GroupId: groupId, MsgSeqList: [] }, 10004);
  });
});

describe('Community topics', () => {
  it('create_group makes a community with SupportTopic; send_group_msg and group_msg_get_simple take its TopicId', async () => {
    const app = await suite.newV4App({ plan: { name: 'ultimate' } });
    await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] });
    const created = await ok(app, 'create_group', {
      Owner_Account: 'alice',
      Type: 'Community',
      Name: 'c',
      SupportTopic: 1,
      MemberList: [{ Member_Account: 'bob' }],
    });
    const groupId = created.GroupId as string;
    const info = await ok(app, 'get_group_info', { GroupIdList: [groupId] });
    expect(info.GroupInfo).toEqual([expect.objectContaining({ Type: 'Community', SupportTopic: 1 })]);
    const alice = await suite.login(app.chat, 'alice');
    const bob = await suite.login(app.chat, 'bob');
    const { topic } = await alice.socket.ok('group.topic.create', { groupId, name: 'general' });
    const sent = await ok(app, 'send_group_msg', {
      GroupId: groupId,
      TopicId: topic.topicId,
      Random: nextRandom++,
      MsgBody: text('in topic'),
    });
    expect(await bob.socket.nextPush('message')).toMatchObject({ to: topic.topicId, seq: sent.MsgSeq });
    const history = await ok(app, 'group_msg_get_simple', {
      GroupId: groupId,
      TopicId: topic.topicId,
      ReqMsgNumber: 20,
    });
    expect(history.RspMsgList).toEqual([
      expect.objectContaining({ MsgSeq: sent.MsgSeq, MsgBody: text('in topic') }),
    ]);
    const other = await ok(app, 'create_group', { Type: 'Community', Name: 'd', SupportTopic: 1 });
    await failsWith(
      app,
      'send_group_msg',
      { GroupId: other.GroupId, TopicId: topic.topicId, Random: nextRandom++, MsgBody: text('x') },
      10004,
    );
  });
});

describe('get_appid_group_list', () => {
  it('pages the app’s groups with Limit and Next, by type', async () => {
    const app = await newApp();
    const ids = [await publicGroup(app), await publicGroup(app), await publicGroup(app)];
    const av = await ok(app, 'create_group', { Owner_Account: 'alice', Type: 'AVChatRoom', Name: 'live' });
    const first = await ok(app, 'get_appid_group_list', { Limit: 2 });
    expect(first.GroupIdList).toHaveLength(2);
    expect(typeof first.Next).toBe('string');
    const rest = await ok(app, 'get_appid_group_list', { Limit: 10, Next: first.Next });
    expect(rest.Next).toBe(0);
    const all = [
      ...(first.GroupIdList as { GroupId: string }[]),
      ...(rest.GroupIdList as { GroupId: string }[]),
    ].map((g) => g.GroupId);
    expect(all.sort()).toEqual([...ids, av.GroupId].sort());
    const live = await ok(app, 'get_appid_group_list', { GroupType: 'AVChatRoom' });
    expect(live.GroupIdList).toEqual([{ GroupId: av.GroupId }]);
    await failsWith(app, 'get_appid_group_list', { Limit: 0 }, 10004);
  });
});
