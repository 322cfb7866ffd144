// Over 300 lines: every rule of the groups resource (create, list, read, edit, disband, transfer, mute) in one reading order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AdminApiFixture,
  type CreatedApp,
  START_TIME,
  startAdminApi,
} from './support/admin-api-fixture.ts';
import { GroupApi, type GroupView, importUsers, text, tipsOf } from './support/group-api.ts';

let fx: AdminApiFixture;
let app: CreatedApp;
let api: GroupApi;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp({
    customFields: { group: [{ name: 'Level', readScope: 'public', writeScope: 'owner' }] },
  });
  await importUsers(fx, app);
  api = new GroupApi(fx, app);
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

describe('POST /v1/apps/:sdkAppId/groups', () => {
  it('creates a group with an owner and first members, under a generated ID', async () => {
    const created = await api.create({
      type: 'Public',
      name: 'Chess',
      ownerId: 'alice',
      members: ['bob', 'carol'],
    });
    expect(created.status).toBe(201);
    const group = created.json.group;
    expect(group).toMatchObject({
      type: 'Public',
      name: 'Chess',
      ownerId: 'alice',
      memberCount: 3,
      applyJoinOption: 'NeedPermission',
      muteAll: false,
      createdAt: new Date(START_TIME).toISOString(),
      lastSeq: 0,
    });
    expect(group.groupId).toMatch(/^@TGS#.{10}$/);

    // A generated ID ("@TGS#…") travels percent-encoded in the path.
    const read = await api.info(group.groupId);
    expect(read.status).toBe(200);
    expect(read.json.group).toEqual(group);
    const members = await api.members(group.groupId);
    expect(members.json.members.map((m) => [m.userId, m.role])).toEqual([
      ['alice', 'Owner'],
      ['bob', 'Member'],
      ['carol', 'Member'],
    ]);
  });

  it('without an owner the group is ownerless, as Tencent’s create_group without Owner_Account', async () => {
    const group = await api.created({ type: 'Work', groupId: 'team', name: 'Team', members: ['alice'] });
    expect(group).toMatchObject({
      groupId: 'team',
      ownerId: null,
      memberCount: 1,
      applyJoinOption: 'DisableApply',
    });
  });

  it('refuses a taken group ID with 409 GROUP_ID_TAKEN', async () => {
    await api.created({ type: 'Work', groupId: 'team', name: 'Team' });
    const taken = await api.create({ type: 'Public', groupId: 'team', name: 'Again' });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: 10021, name: 'GROUP_ID_TAKEN' });
  });

  it('refuses an owner or member without an account with 404 GROUP_USER_NOT_FOUND, creating nothing', async () => {
    for (const body of [
      { type: 'Work', groupId: 'team', name: 'Team', ownerId: 'nobody' },
      { type: 'Work', groupId: 'team', name: 'Team', members: ['alice', 'nobody'] },
    ]) {
      const refused = await api.create(body);
      expect(refused.status).toBe(404);
      expect(refused.json.error).toMatchObject({ code: 10019, name: 'GROUP_USER_NOT_FOUND' });
    }
    expect((await api.info('team')).status).toBe(404);
  });

  it('refuses a generated-looking custom ID (400 GROUP_ID_INVALID) and Community on a trial plan (403)', async () => {
    const invalid = await api.create({ type: 'Work', groupId: '@TGS#mine', name: 'Team' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ code: 10015, name: 'GROUP_ID_INVALID' });
    const community = await api.create({ type: 'Community', name: 'Town' });
    expect(community.status).toBe(403);
    expect(community.json.error).toMatchObject({ code: 10059, name: 'GROUP_PLAN_FEATURE' });
  });

  it('creates a Community with topics on a plan that has them, and says so when read', async () => {
    const ultimate = await fx.createApp({ plan: { name: 'ultimate' } });
    await importUsers(fx, ultimate);
    const communities = new GroupApi(fx, ultimate);
    const withTopics = await communities.created({ type: 'Community', name: 'Town', supportTopic: true });
    expect(withTopics.groupId).toMatch(/^@TGS#_/);
    expect(withTopics.supportTopic).toBe(true);
    expect((await communities.info(withTopics.groupId)).json.group.supportTopic).toBe(true);
    expect((await communities.created({ type: 'Community', name: 'Village' })).supportTopic).toBe(false);
    expect((await communities.created({ type: 'Public', name: 'Club' })).supportTopic).toBeUndefined();
  });

  it('refuses a malformed body with 400 INVALID_REQUEST naming each field', async () => {
    const refused = await api.create({ type: 'Club', name: 'x'.repeat(31), members: ['a b'], colour: 'red' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.name).toBe('INVALID_REQUEST');
    expect(refused.json.error.fields?.map((field) => field.path).sort()).toEqual(
      ['body', 'body.members.0', 'body.name', 'body.type'].sort(),
    );
  });
});

describe('GET /v1/apps/:sdkAppId/groups', () => {
  it('lists the app’s groups by ID, a page at a time', async () => {
    for (const groupId of ['g3', 'g1', 'g2']) await api.created({ type: 'Work', groupId, name: groupId });
    const first = await api.call<{ groups: { groupId: string }[]; next: string | null }>(
      'GET',
      `${api.url()}?limit=2`,
    );
    expect(first.status).toBe(200);
    expect(first.json.groups).toEqual([
      {
        groupId: 'g1',
        type: 'Work',
        name: 'g1',
        ownerId: null,
        createdAt: new Date(START_TIME).toISOString(),
      },
      expect.objectContaining({ groupId: 'g2' }),
    ]);
    expect(first.json.next).toBe('g2');
    const second = await api.call<{ groups: { groupId: string }[]; next: string | null }>(
      'GET',
      `${api.url()}?limit=2&after=g2`,
    );
    expect(second.json).toEqual({ groups: [expect.objectContaining({ groupId: 'g3' })], next: null });
  });

  it('refuses a limit out of range with 400', async () => {
    const refused = await api.call('GET', `${api.url()}?limit=101`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields?.map((field) => field.path)).toEqual(['querystring.limit']);
  });
});

describe('GET, PATCH and DELETE /v1/apps/:sdkAppId/groups/:groupId', () => {
  let group: GroupView;
  beforeEach(async () => {
    group = await api.created({
      type: 'Public',
      groupId: 'chess',
      name: 'Chess',
      ownerId: 'alice',
      members: ['bob'],
    });
  });

  it('answers an unknown group with 404 GROUP_NOT_FOUND', async () => {
    for (const reply of [await api.info('nope'), await api.update('nope', { name: 'X' })]) {
      expect(reply.status).toBe(404);
      expect(reply.json.error).toMatchObject({ code: 10010, name: 'GROUP_NOT_FOUND' });
    }
  });

  it('changes the profile and custom fields (even owner-only ones), told to members by a tip', async () => {
    const changed = await api.update(group.groupId, {
      name: 'Chess club',
      introduction: 'Tuesdays',
      customFields: { Level: 'expert' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json.group).toMatchObject({
      name: 'Chess club',
      introduction: 'Tuesdays',
      customFields: { Level: 'expert' },
      lastSeq: 1,
    });
    expect((await api.info(group.groupId)).json.group).toEqual(changed.json.group);
    expect(tipsOf((await api.history(group.groupId)).json.messages)).toEqual([
      'GroupInfoChange by administrator',
    ]);

    const cleared = await api.update(group.groupId, { customFields: { Level: '' } });
    expect(cleared.json.group.customFields).toEqual({});
  });

  it('refuses an undeclared custom field (400 GROUP_INVALID_PARAMETER) and unknown keys (400 INVALID_REQUEST)', async () => {
    const undeclared = await api.update(group.groupId, { customFields: { Colour: 'red' } });
    expect(undeclared.status).toBe(400);
    expect(undeclared.json.error).toMatchObject({ code: 10004, name: 'GROUP_INVALID_PARAMETER' });
    const unknownKey = await api.update(group.groupId, { ownerId: 'bob' });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.json.error.name).toBe('INVALID_REQUEST');
  });

  it('acts as the app’s first admin for the operator, and as the calling admin for a UserSig', async () => {
    await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['administrator', 'ops'] },
    });
    await api.update(group.groupId, { name: 'By operator' });
    await new GroupApi(fx, app, fx.appAdmin(app, 'ops')).update(group.groupId, { name: 'By ops' });
    expect(tipsOf((await api.history(group.groupId)).json.messages)).toEqual([
      'GroupInfoChange by administrator',
      'GroupInfoChange by ops',
    ]);
  });

  it('disbands a group: gone for reads and lists, its online members told', async () => {
    const bob = await fx.online(app.sdkAppId, 'bob');
    const work = await api.created({ type: 'Work', groupId: 'team', name: 'Team', members: ['bob'] });
    const destroyed = await api.call('DELETE', api.url(work.groupId));
    expect(destroyed.status).toBe(200);
    expect(destroyed.json).toEqual({ groupId: 'team' });
    expect((await api.info('team')).status).toBe(404);
    const list = await api.call<{ groups: { groupId: string }[] }>('GET', api.url());
    expect(list.json.groups.map((g) => g.groupId)).toEqual(['chess']);
    expect(bob.pushes).toContainEqual({
      push: 'groupDestroyed',
      data: { groupId: 'team', by: 'administrator' },
    });
    const again = await api.call('DELETE', api.url('team'));
    expect(again.status).toBe(404);
    expect(again.json.error.name).toBe('GROUP_NOT_FOUND');
  });
});

describe('PUT /v1/apps/:sdkAppId/groups/:groupId/owner and /mute-all', () => {
  beforeEach(async () => {
    await api.created({
      type: 'Public',
      groupId: 'chess',
      name: 'Chess',
      ownerId: 'alice',
      members: ['bob'],
    });
  });

  it('hands the group to a member; the old owner stays a member', async () => {
    const moved = await api.call('PUT', api.url('chess', '/owner'), { ownerId: 'bob' });
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({ groupId: 'chess', ownerId: 'bob' });
    expect((await api.info('chess')).json.group.ownerId).toBe('bob');
    const members = await api.members('chess');
    expect(members.json.members.map((m) => [m.userId, m.role])).toEqual([
      ['alice', 'Member'],
      ['bob', 'Owner'],
    ]);
    expect(tipsOf((await api.history('chess')).json.messages)).toEqual([
      'TransferOwner by administrator [bob]',
    ]);
  });

  it('refuses a new owner who is not a member with 400 GROUP_INVALID_PARAMETER', async () => {
    const refused = await api.call('PUT', api.url('chess', '/owner'), { ownerId: 'carol' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 10004, name: 'GROUP_INVALID_PARAMETER' });
    expect((await api.info('chess')).json.group.ownerId).toBe('alice');
  });

  it('mutes every member but the owner, admins and the app admin, and unmutes', async () => {
    const muted = await api.call('PUT', api.url('chess', '/mute-all'), { muted: true });
    expect(muted.status).toBe(200);
    expect(muted.json).toEqual({ groupId: 'chess', muted: true });
    expect((await api.info('chess')).json.group.muteAll).toBe(true);

    const bob = await api.send('chess', { from: 'bob', body: text('hi') });
    expect(bob.status).toBe(403);
    expect(bob.json.error).toMatchObject({ code: 10017, name: 'GROUP_MEMBER_MUTED' });
    const owner = await api.send('chess', { from: 'alice', body: text('hi') });
    expect(owner.status).toBe(200);
    const admin = await api.send('chess', { body: text('hi') });
    expect(admin.status).toBe(200);

    await api.call('PUT', api.url('chess', '/mute-all'), { muted: false });
    const again = await api.send('chess', { from: 'bob', body: text('hi') });
    expect(again.status).toBe(200);
  });
});

describe('a terminated app', () => {
  it('keeps its groups readable by the operator until purged, but refuses changes with 410', async () => {
    await api.created({ type: 'Work', groupId: 'team', name: 'Team', members: ['alice'] });
    await fx.appConfig.terminate(app.sdkAppId);
    expect((await api.info('team')).status).toBe(200);
    expect((await api.members('team')).status).toBe(200);
    expect((await api.history('team')).status).toBe(200);
    for (const reply of [
      await api.update('team', { name: 'X' }),
      await api.create({ type: 'Work', name: 'New' }),
      await api.call('DELETE', api.url('team')),
      await api.send('team', { body: text('hi') }),
    ]) {
      expect(reply.status).toBe(410);
      expect(reply.json.error).toMatchObject({ code: 91011, name: 'APP_TERMINATED' });
    }
  });
});
