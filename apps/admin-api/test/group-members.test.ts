import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AdminApiFixture,
  type CreatedApp,
  START_TIME,
  startAdminApi,
} from './support/admin-api-fixture.ts';
import { GroupApi, importUsers, tipsOf } from './support/group-api.ts';

let fx: AdminApiFixture;
let app: CreatedApp;
let api: GroupApi;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp({
    customFields: { groupMember: [{ name: 'Rank', readScope: 'admins', writeScope: 'admins' }] },
  });
  await importUsers(fx, app);
  api = new GroupApi(fx, app);
  await api.created({ type: 'Public', groupId: 'chess', name: 'Chess', ownerId: 'alice', members: ['bob'] });
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

describe('GET /v1/apps/:sdkAppId/groups/:groupId/members', () => {
  it('lists members by UserID, a page at a time', async () => {
    await api.addMembers('chess', ['carol', 'dave']);
    const first = await api.members('chess', '?limit=3');
    expect(first.status).toBe(200);
    expect(first.json.members.map((m) => m.userId)).toEqual(['alice', 'bob', 'carol']);
    expect(first.json.members[0]).toEqual({
      userId: 'alice',
      role: 'Owner',
      joinedAt: new Date(START_TIME).toISOString(),
      nameCard: '',
      mutedUntil: null,
      msgFlag: 'AcceptAndNotify',
      customFields: {},
    });
    expect(first.json.next).toBe('carol');
    const second = await api.members('chess', '?limit=3&after=carol');
    expect(second.json.members.map((m) => m.userId)).toEqual(['dave']);
    expect(second.json.next).toBeNull();
  });

  it('answers 400 GROUP_UNSUPPORTED_OPERATION for an AVChatRoom, whose members are online only', async () => {
    await api.created({ type: 'AVChatRoom', groupId: 'live', name: 'Live' });
    const refused = await api.members('live');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 10003, name: 'GROUP_UNSUPPORTED_OPERATION' });
  });
});

describe('POST /v1/apps/:sdkAppId/groups/:groupId/members (add)', () => {
  it('adds accounts to a Public group (only app admins may), reports members already there, tells by a tip', async () => {
    const bob = await fx.online(app.sdkAppId, 'bob');
    const added = await api.addMembers('chess', ['carol', 'bob', 'dave']);
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ added: ['carol', 'dave'], alreadyMembers: ['bob'] });
    expect((await api.info('chess')).json.group.memberCount).toBe(4);
    expect(tipsOf((await api.history('chess')).json.messages)).toEqual([
      'Join by administrator [carol,dave]',
    ]);
    expect(bob.pushes.map((p) => p.push)).toEqual(['message']);
  });

  it('adds to an ownerless Work group', async () => {
    await api.created({ type: 'Work', groupId: 'team', name: 'Team' });
    const added = await api.addMembers('team', ['alice']);
    expect(added.json.added).toEqual(['alice']);
  });

  it('refuses a user without an account with 404 GROUP_USER_NOT_FOUND, adding nobody', async () => {
    const refused = await api.addMembers('chess', ['carol', 'nobody']);
    expect(refused.status).toBe(404);
    expect(refused.json.error).toMatchObject({ code: 10019, name: 'GROUP_USER_NOT_FOUND' });
    expect((await api.info('chess')).json.group.memberCount).toBe(2);
  });

  it('refuses more members than the group holds with 403 GROUP_FULL', async () => {
    await api.created({ type: 'Public', groupId: 'pair', name: 'Pair', ownerId: 'alice', maxMembers: 2 });
    const refused = await api.addMembers('pair', ['bob', 'carol']);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 10014, name: 'GROUP_FULL' });
  });

  it('refuses an empty list and more than 300 users with 400 INVALID_REQUEST', async () => {
    for (const userIds of [[], Array.from({ length: 301 }, (_, i) => `u${i}`)]) {
      const refused = await api.addMembers('chess', userIds);
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields?.map((f) => f.path)).toEqual(['body.userIds']);
    }
  });
});

describe('POST /v1/apps/:sdkAppId/groups/:groupId/members/delete (remove)', () => {
  it('removes members and tells them; non-members are left out', async () => {
    const bob = await fx.online(app.sdkAppId, 'bob');
    const removed = await api.removeMembers('chess', ['bob', 'carol']);
    expect(removed.status).toBe(200);
    expect(removed.json).toEqual({ removed: ['bob'] });
    expect((await api.members('chess')).json.members.map((m) => m.userId)).toEqual(['alice']);
    expect(tipsOf((await api.history('chess')).json.messages)).toEqual(['Kick by administrator [bob]']);
    // Removed, bob is told directly (he has left the group's roster).
    expect(bob.pushes.at(-1)?.push).toBe('message');
  });

  it('answers 400 GROUP_UNSUPPORTED_OPERATION for an AVChatRoom (mute instead)', async () => {
    await api.created({ type: 'AVChatRoom', groupId: 'live', name: 'Live' });
    const refused = await api.removeMembers('live', ['bob']);
    expect(refused.status).toBe(400);
    expect(refused.json.error.name).toBe('GROUP_UNSUPPORTED_OPERATION');
  });
});

describe('PATCH /v1/apps/:sdkAppId/groups/:groupId/members/:userId', () => {
  it('sets role, mute, name card and custom fields', async () => {
    const changed = await api.setMember('chess', 'bob', {
      role: 'Admin',
      nameCard: 'Bobby',
      mutedForSeconds: 600,
      customFields: { Rank: 'gold' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json.member).toMatchObject({
      userId: 'bob',
      role: 'Admin',
      nameCard: 'Bobby',
      mutedUntil: new Date(START_TIME + 600_000).toISOString(),
      customFields: { Rank: 'gold' },
    });
    expect(tipsOf((await api.history('chess')).json.messages)).toEqual([
      'SetAdmin by administrator [bob]',
      'MemberMute by administrator [bob]',
    ]);
    const muted = await api.send('chess', {
      from: 'bob',
      body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }],
    });
    expect(muted.status).toBe(403);
    expect(muted.json.error.name).toBe('GROUP_MEMBER_MUTED');

    const unmuted = await api.setMember('chess', 'bob', { mutedForSeconds: 0, role: 'Member' });
    expect(unmuted.json.member).toMatchObject({ role: 'Member', mutedUntil: null });
  });

  it('mutes a user in an AVChatRoom, where nothing else is set', async () => {
    await api.created({ type: 'AVChatRoom', groupId: 'live', name: 'Live', ownerId: 'alice' });
    const muted = await api.setMember('live', 'carol', { mutedForSeconds: 60 });
    expect(muted.status).toBe(200);
    expect(muted.json.member.mutedUntil).toBe(new Date(START_TIME + 60_000).toISOString());
    const refused = await api.setMember('live', 'carol', { nameCard: 'C' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.name).toBe('GROUP_UNSUPPORTED_OPERATION');
  });

  it('refuses the owner’s role (changed by a transfer) and a non-member with 400 GROUP_INVALID_PARAMETER', async () => {
    for (const [userId, body] of [
      ['alice', { role: 'Member' }],
      ['carol', { nameCard: 'C' }],
    ] as const) {
      const refused = await api.setMember('chess', userId, body);
      expect(refused.status, userId).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 10004, name: 'GROUP_INVALID_PARAMETER' });
    }
  });

  it('refuses roles in a Work group (400 GROUP_UNSUPPORTED_OPERATION) and undeclared fields (400)', async () => {
    await api.created({ type: 'Work', groupId: 'team', name: 'Team', members: ['bob'] });
    const role = await api.setMember('team', 'bob', { role: 'Admin' });
    expect(role.status).toBe(400);
    expect(role.json.error.name).toBe('GROUP_UNSUPPORTED_OPERATION');
    const field = await api.setMember('chess', 'bob', { customFields: { Colour: 'red' } });
    expect(field.status).toBe(400);
    expect(field.json.error.name).toBe('GROUP_INVALID_PARAMETER');
  });

  it('refuses MsgFlag (the member’s own setting), bad values and unknown keys with 400 INVALID_REQUEST', async () => {
    for (const body of [
      { msgFlag: 'Discard' },
      { role: 'Owner' },
      { mutedForSeconds: -1 },
      { nameCard: 'x'.repeat(51) },
    ]) {
      const refused = await api.setMember('chess', 'bob', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.name).toBe('INVALID_REQUEST');
    }
  });
});
