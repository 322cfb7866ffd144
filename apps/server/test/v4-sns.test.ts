// Over 300 lines: every sns command's conformance cases and bad input, in Tencent's docs' order.
import { text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/sns/*` as Tencent's REST docs show it; effects checked on the gateway's friend and send ops. */
const suite = suiteParley();

async function newApp(config?: unknown, users = ['alice', 'bob', 'carol', 'dave']): Promise<V4App> {
  const app = await suite.newV4App(config);
  // multiaccount_import takes 100 accounts a call.
  for (let start = 0; start < users.length; start += 100) {
    const Accounts = users.slice(start, start + 100);
    expect((await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts })).body.ErrorCode).toBe(
      0,
    );
  }
  return app;
}

async function sns(app: V4App, command: string, body: unknown) {
  return (await app.rest.call(`sns/${command}`, body)).body;
}

function failed(code: number) {
  return expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code });
}

const item = (To_Account: string, ResultCode = 0) => ({
  To_Account,
  ResultCode,
  ResultInfo: ResultCode === 0 ? '' : expect.any(String),
});

const forced = (from: string, ...to: string[]) => ({
  From_Account: from,
  AddFriendItem: to.map((userId) => ({ To_Account: userId, AddSource: 'AddSource_Type_Rest' })),
  AddType: 'Add_Type_Both',
  ForceAddFlags: 1,
});

async function friendsOf(app: V4App, userId: string): Promise<string[]> {
  const body = await sns(app, 'friend_get', { From_Account: userId, StartIndex: 0 });
  expect(body.ErrorCode).toBe(0);
  return (body.UserDataItem as { To_Account: string }[]).map((entry) => entry.To_Account);
}

describe('sns/friend_add', () => {
  it('forced: friends at once, pushed to the online user and listed by the gateway’s friend.list', async () => {
    const app = await newApp({ friends: { defaultAddVerification: 'deny-any' } });
    const bob = await suite.login(app.chat, 'bob');
    const reply = await sns(app, 'friend_add', {
      From_Account: 'alice',
      AddFriendItem: [
        {
          To_Account: 'bob',
          Remark: 'Bobby',
          GroupName: 'Classmates',
          AddSource: 'AddSource_Type_Android',
          AddWording: 'hi',
        },
        { To_Account: 'carol', AddSource: 'AddSource_Type_Rest' },
      ],
      AddType: 'Add_Type_Both',
      ForceAddFlags: 1,
    });
    expect(reply).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      ResultItem: [item('bob'), item('carol')],
      Fail_Account: [],
    });
    expect(await bob.socket.nextPush('friendAdded')).toEqual({ userId: 'alice' });
    const { friends } = await bob.socket.ok('friend.list', {});
    expect(friends.map((friend) => friend.userId)).toEqual(['alice']);
    const alice = await suite.login(app.chat, 'alice');
    const mine = await alice.socket.ok('friend.list', {});
    expect(mine.friends.map((friend) => friend.userId).sort()).toEqual(['bob', 'carol']);
  });

  it('not forced: the target’s verification applies, per item with Tencent’s codes', async () => {
    const app = await newApp();
    await sns(app, 'black_list_add', { From_Account: 'dave', To_Account: ['alice'] });
    await sns(app, 'friend_add', forced('alice', 'carol'));
    const reply = await sns(app, 'friend_add', {
      From_Account: 'alice',
      AddFriendItem: ['bob', 'carol', 'dave', 'ghost', 'alice'].map((userId) => ({
        To_Account: userId,
        AddSource: 'AddSource_Type_Web',
      })),
    });
    expect(reply).toMatchObject({
      ActionStatus: 'OK',
      ResultItem: [
        item('bob', 30539),
        item('carol', 30001),
        item('dave', 30525),
        item('ghost', 30003),
        item('alice', 30001),
      ],
      Fail_Account: ['bob', 'carol', 'dave', 'ghost', 'alice'],
    });
    expect(await friendsOf(app, 'alice')).toEqual(['carol']);
    // bob asked back: both want it, they are friends.
    const back = await sns(app, 'friend_add', {
      From_Account: 'bob',
      AddFriendItem: [{ To_Account: 'alice', AddSource: 'AddSource_Type_Web' }],
    });
    expect(back.ResultItem).toEqual([item('alice')]);
    expect(await friendsOf(app, 'alice')).toEqual(['bob', 'carol']);
  });

  it('refuses bad input', async () => {
    const app = await newApp();
    const good = forced('alice', 'bob');
    expect(await sns(app, 'friend_add', { ...good, From_Account: 'ghost' })).toEqual(failed(30003));
    expect(await sns(app, 'friend_add', { AddFriendItem: good.AddFriendItem })).toEqual(failed(30001));
    expect(await sns(app, 'friend_add', { ...good, AddFriendItem: [] })).toEqual(failed(30001));
    expect(await sns(app, 'friend_add', { ...good, AddFriendItem: [{ To_Account: 'bob' }] })).toEqual(
      failed(30001),
    );
    expect(
      await sns(app, 'friend_add', { ...good, AddFriendItem: [{ To_Account: 'bob', AddSource: 'Web' }] }),
    ).toEqual(failed(30001));
    expect(await sns(app, 'friend_add', { ...good, AddType: 'Add_Type_Triple' })).toEqual(failed(30001));
    expect(await sns(app, 'friend_add', { ...good, ForceAddFlags: '1' })).toEqual(failed(30001));
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({
      To_Account: `u${i}`,
      AddSource: 'AddSource_Type_A',
    }));
    expect(await sns(app, 'friend_add', { ...good, AddFriendItem: tooMany })).toEqual(failed(30001));
    expect(await friendsOf(app, 'alice')).toEqual([]);
  });
});

describe('sns/friend_import', () => {
  it('imports friends without verification, with Tencent’s import fields', async () => {
    const app = await newApp({ friends: { defaultAddVerification: 'deny-any' } });
    const reply = await sns(app, 'friend_import', {
      From_Account: 'alice',
      AddFriendItem: [
        {
          To_Account: 'bob',
          Remark: 'remark1',
          RemarkTime: 1420000001,
          GroupName: ['Friends'],
          AddSource: 'AddSource_Type_XXXXXXXX',
          AddWording: "I'm Test1",
          AddTime: 1420000001,
          CustomItem: [{ Tag: 'Tag_SNS_Custom_XXXX', Value: 'Test' }],
        },
        { To_Account: 'ghost', AddSource: 'AddSource_Type_XXXXXXXX' },
      ],
    });
    expect(reply).toMatchObject({ ResultItem: [item('bob'), item('ghost', 30003)], Fail_Account: ['ghost'] });
    expect(await friendsOf(app, 'bob')).toEqual(['alice']);
  });

  it('refuses over 1000 items and a missing AddSource', async () => {
    const app = await newApp();
    const items = Array.from({ length: 1001 }, (_, i) => ({
      To_Account: `u${i}`,
      AddSource: 'AddSource_Type_A',
    }));
    expect(await sns(app, 'friend_import', { From_Account: 'alice', AddFriendItem: items })).toEqual(
      failed(30001),
    );
    expect(
      await sns(app, 'friend_import', { From_Account: 'alice', AddFriendItem: [{ To_Account: 'bob' }] }),
    ).toEqual(failed(30001));
  });
});

describe('sns/friend_delete and friend_delete_all', () => {
  it('deletes the friendships both ways; a non-friend answers 31704', async () => {
    const app = await newApp();
    await sns(app, 'friend_add', forced('alice', 'bob', 'carol', 'dave'));
    const reply = await sns(app, 'friend_delete', {
      From_Account: 'alice',
      To_Account: ['bob', 'ghost'],
      DeleteType: 'Delete_Type_Single',
    });
    expect(reply).toMatchObject({ ActionStatus: 'OK', ResultItem: [item('bob'), item('ghost', 31704)] });
    expect(await friendsOf(app, 'bob')).toEqual([]);
    expect(await friendsOf(app, 'alice')).toEqual(['carol', 'dave']);
    expect(
      await sns(app, 'friend_delete_all', { From_Account: 'alice', DeleteType: 'Delete_Type_Both' }),
    ).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    });
    expect(await friendsOf(app, 'alice')).toEqual([]);
    expect(await friendsOf(app, 'carol')).toEqual([]);
  });

  it('refuses bad input', async () => {
    const app = await newApp();
    expect(await sns(app, 'friend_delete', { From_Account: 'alice', To_Account: 'bob' })).toEqual(
      failed(30001),
    );
    expect(
      await sns(app, 'friend_delete', { From_Account: 'alice', To_Account: ['bob'], DeleteType: 'Both' }),
    ).toEqual(failed(30001));
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    expect(await sns(app, 'friend_delete', { From_Account: 'alice', To_Account: many })).toEqual(
      failed(30001),
    );
    expect(await sns(app, 'friend_delete', { From_Account: 'ghost', To_Account: ['bob'] })).toEqual(
      failed(30003),
    );
    expect(await sns(app, 'friend_delete_all', {})).toEqual(failed(30001));
    expect(await sns(app, 'friend_delete_all', { From_Account: 'ghost' })).toEqual(failed(30003));
  });
});

describe('sns/friend_check', () => {
  it('answers BothWay (or AWithB for a single check) for friends, NoRelation otherwise', async () => {
    const app = await newApp();
    await sns(app, 'friend_add', forced('alice', 'bob'));
    const both = await sns(app, 'friend_check', {
      From_Account: 'alice',
      To_Account: ['bob', 'carol', 'ghost'],
      CheckType: 'CheckResult_Type_Both',
    });
    expect(both).toMatchObject({
      ActionStatus: 'OK',
      InfoItem: [
        { ...item('bob'), Relation: 'CheckResult_Type_BothWay' },
        { ...item('carol'), Relation: 'CheckResult_Type_NoRelation' },
        { ...item('ghost', 30003), Relation: 'CheckResult_Type_NoRelation' },
      ],
      Fail_Account: ['ghost'],
    });
    const single = await sns(app, 'friend_check', {
      From_Account: 'bob',
      To_Account: ['alice'],
      CheckType: 'CheckResult_Type_Single',
    });
    expect(single.InfoItem).toEqual([{ ...item('alice'), Relation: 'CheckResult_Type_AWithB' }]);
  });

  it('refuses bad input', async () => {
    const app = await newApp();
    expect(await sns(app, 'friend_check', { From_Account: 'alice', To_Account: ['bob'] })).toEqual(
      failed(30001),
    );
    expect(
      await sns(app, 'friend_check', {
        From_Account: 'alice',
        To_Account: [],
        CheckType: 'CheckResult_Type_Both',
      }),
    ).toEqual(failed(30001));
    expect(
      await sns(app, 'friend_check', {
        From_Account: 'ghost',
        To_Account: ['bob'],
        CheckType: 'CheckResult_Type_Both',
      }),
    ).toEqual(failed(30003));
  });
});

describe('sns/friend_get and friend_get_list', () => {
  it('pages the friends 100 at a time with their AddTime', async () => {
    const users = Array.from({ length: 150 }, (_, i) => `f${String(i).padStart(3, '0')}`);
    const app = await newApp(undefined, ['alice', ...users]);
    expect((await sns(app, 'friend_import', forced('alice', ...users))).Fail_Account).toEqual([]);
    const first = await sns(app, 'friend_get', {
      From_Account: 'alice',
      StartIndex: 0,
      StandardSequence: 0,
      CustomSequence: 0,
    });
    expect(first).toMatchObject({
      FriendNum: 150,
      CompleteFlag: 0,
      NextStartIndex: 100,
      StandardSequence: 0,
    });
    const data = first.UserDataItem as { To_Account: string; ValueItem: { Tag: string; Value: number }[] }[];
    expect(data.map((entry) => entry.To_Account)).toEqual(users.slice(0, 100));
    expect(data[0]?.ValueItem).toEqual([{ Tag: 'Tag_SNS_IM_AddTime', Value: expect.any(Number) }]);
    expect(data[0]?.ValueItem[0]?.Value).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const second = await sns(app, 'friend_get', { From_Account: 'alice', StartIndex: 100 });
    expect(second).toMatchObject({ CompleteFlag: 1, NextStartIndex: 0 });
    expect((second.UserDataItem as { To_Account: string }[]).map((entry) => entry.To_Account)).toEqual(
      users.slice(100),
    );
  });

  it('friend_get_list reads given friends; a non-friend answers 30001', async () => {
    const app = await newApp();
    await sns(app, 'friend_add', forced('alice', 'bob'));
    const reply = await sns(app, 'friend_get_list', {
      From_Account: 'alice',
      To_Account: ['bob', 'carol'],
      TagList: ['Tag_SNS_IM_AddTime', 'Tag_SNS_IM_Remark'],
    });
    expect(reply).toMatchObject({
      ActionStatus: 'OK',
      InfoItem: [
        { ...item('bob'), SnsProfileItem: [{ Tag: 'Tag_SNS_IM_AddTime', Value: expect.any(Number) }] },
        item('carol', 30001),
      ],
      Fail_Account: ['carol'],
    });
  });

  it('refuses bad input', async () => {
    const app = await newApp();
    expect(await sns(app, 'friend_get', { From_Account: 'alice' })).toEqual(failed(30001));
    expect(await sns(app, 'friend_get', { From_Account: 'alice', StartIndex: -1 })).toEqual(failed(30001));
    expect(await sns(app, 'friend_get', { From_Account: 'ghost', StartIndex: 0 })).toEqual(failed(30003));
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(
      await sns(app, 'friend_get_list', {
        From_Account: 'alice',
        To_Account: many,
        TagList: ['Tag_SNS_IM_AddTime'],
      }),
    ).toEqual(failed(30001));
    expect(await sns(app, 'friend_get_list', { From_Account: 'alice', To_Account: ['bob'] })).toEqual(
      failed(30001),
    );
  });
});

describe('sns/black_list_*', () => {
  it('black_list_add makes the gateway refuse the blocked user’s send with 20007 and ends the friendship', async () => {
    const app = await newApp({ messaging: { blockedSenderSees: 'error' } });
    await sns(app, 'friend_add', forced('bob', 'alice'));
    const reply = await sns(app, 'black_list_add', {
      From_Account: 'bob',
      To_Account: ['alice', 'ghost', 'bob'],
    });
    expect(reply).toMatchObject({
      ActionStatus: 'OK',
      ResultItem: [item('alice'), item('ghost', 30003), item('bob', 30001)],
      Fail_Account: ['ghost', 'bob'],
    });
    const alice = await suite.login(app.chat, 'alice');
    const refused = await alice.socket.fail('send', { to: 'bob', random: 1, body: text('hi') });
    expect(refused.code).toBe(20007);
    expect((await alice.socket.ok('friend.list', {})).friends).toEqual([]);
    const again = await sns(app, 'black_list_add', { From_Account: 'bob', To_Account: ['alice'] });
    expect(again.ResultItem).toEqual([item('alice', 30001)]);

    expect(
      (await sns(app, 'black_list_delete', { From_Account: 'bob', To_Account: ['alice', 'carol'] }))
        .ResultItem,
    ).toEqual([item('alice'), item('carol', 30001)]);
    expect(await alice.socket.ok('send', { to: 'bob', random: 2, body: text('hi again') })).toMatchObject({});
  });

  it('black_list_get pages the blacklist; black_list_check answers each direction', async () => {
    const app = await newApp();
    await sns(app, 'black_list_add', { From_Account: 'alice', To_Account: ['bob', 'carol', 'dave'] });
    await sns(app, 'black_list_add', { From_Account: 'bob', To_Account: ['alice'] });
    await sns(app, 'black_list_add', { From_Account: 'dave', To_Account: ['alice'] });
    const first = await sns(app, 'black_list_get', {
      From_Account: 'alice',
      StartIndex: 0,
      MaxLimited: 2,
      LastSequence: 0,
    });
    expect(first).toMatchObject({
      ActionStatus: 'OK',
      BlackListItem: [
        { To_Account: 'bob', AddBlackTimeStamp: 0 },
        { To_Account: 'carol', AddBlackTimeStamp: 0 },
      ],
      StartIndex: 2,
      CurruentSequence: 0,
    });
    const rest = await sns(app, 'black_list_get', {
      From_Account: 'alice',
      StartIndex: 2,
      MaxLimited: 2,
      LastSequence: 0,
    });
    expect(rest).toMatchObject({
      BlackListItem: [{ To_Account: 'dave', AddBlackTimeStamp: 0 }],
      StartIndex: 0,
    });

    await sns(app, 'black_list_delete', { From_Account: 'alice', To_Account: ['dave'] });
    const check = await sns(app, 'black_list_check', {
      From_Account: 'alice',
      To_Account: ['bob', 'carol', 'dave', 'ghost'],
      CheckType: 'BlackCheckResult_Type_Both',
    });
    expect(check).toMatchObject({
      BlackListCheckItem: [
        { ...item('bob'), Relation: 'BlackCheckResult_Type_BothWay' },
        { ...item('carol'), Relation: 'BlackCheckResult_Type_AWithB' },
        { ...item('dave'), Relation: 'BlackCheckResult_Type_BWithA' },
        { ...item('ghost', 30003), Relation: 'BlackCheckResult_Type_NO' },
      ],
      Fail_Account: ['ghost'],
    });
    const single = await sns(app, 'black_list_check', {
      From_Account: 'alice',
      To_Account: ['bob', 'dave'],
      CheckType: 'BlackCheckResult_Type_Single',
    });
    expect(single.BlackListCheckItem).toEqual([
      { ...item('bob'), Relation: 'BlackCheckResult_Type_AWithB' },
      { ...item('dave'), Relation: 'BlackCheckResult_Type_NO' },
    ]);
  });

  it('refuses bad input', async () => {
    const app = await newApp();
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    expect(await sns(app, 'black_list_add', { From_Account: 'alice', To_Account: many })).toEqual(
      failed(30001),
    );
    expect(await sns(app, 'black_list_add', { From_Account: 'alice', To_Account: [42] })).toEqual(
      failed(30001),
    );
    expect(await sns(app, 'black_list_add', { From_Account: 'ghost', To_Account: ['bob'] })).toEqual(
      failed(30003),
    );
    expect(await sns(app, 'black_list_delete', { From_Account: 'alice' })).toEqual(failed(30001));
    expect(
      await sns(app, 'black_list_get', { From_Account: 'alice', StartIndex: 0, LastSequence: 0 }),
    ).toEqual(failed(30001));
    expect(
      await sns(app, 'black_list_get', {
        From_Account: 'alice',
        StartIndex: 0,
        MaxLimited: 0,
        LastSequence: 0,
      }),
    ).toEqual(failed(30001));
    expect(
      await sns(app, 'black_list_check', { From_Account: 'alice', To_Account: ['bob'], CheckType: 'Both' }),
    ).toEqual(failed(30001));
  });
});
