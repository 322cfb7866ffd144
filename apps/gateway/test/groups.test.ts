import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('groups over the socket', () => {
  it('a Work group: created with members, a message reaches every member, and login lists the group', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'team', members: ['bob'] });
    expect(group).toMatchObject({ type: 'Work', ownerId: 'alice', memberCount: 2, name: 'team' });

    const sent = await alice.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('hi'),
    });
    const pushed = await bob.nextPush('message');
    expect(pushed).toMatchObject({
      conversationId: `group:${group.groupId}`,
      seq: sent.seq,
      from: 'alice',
      body: text('hi'),
    });

    const joined = await bob.ok('group.joined', {});
    expect(joined.groups).toEqual([
      { groupId: group.groupId, type: 'Work', role: 'Member', lastSeq: sent.seq, readSeq: 0 },
    ]);
    const list = await bob.ok('conversations', {});
    expect(list.conversations).toContainEqual(
      expect.objectContaining({
        conversationId: `group:${group.groupId}`,
        lastSeq: sent.seq,
        groupType: 'Work',
      }),
    );

    // A second login of bob is attached to the group at once: the next message reaches it too.
    bob.close();
    const bobAgain = await app.login('bob');
    const next = await alice.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('2'),
    });
    expect(await bobAgain.nextPush('message')).toMatchObject({ seq: next.seq });
    const read = await bobAgain.ok('group.read', { groupId: group.groupId, seq: next.seq });
    expect(read).toEqual({ groupId: group.groupId, readSeq: next.seq, unread: 0 });
  });

  it('a Public group: apply, the owner is told and accepts, a second answer is refused', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const carol = await app.login('carol');
    const { group } = await alice.ok('group.create', { type: 'Public', name: 'open' });

    const applied = await carol.ok('group.join', { groupId: group.groupId, wording: 'let me in' });
    expect(applied).toEqual({ groupId: group.groupId, status: 'pending' });
    expect(await alice.nextPush('groupApplication')).toEqual({
      groupId: group.groupId,
      userId: 'carol',
      wording: 'let me in',
    });
    const pending = await alice.ok('group.applications', { groupId: group.groupId });
    expect(pending.applications).toMatchObject([{ userId: 'carol', wording: 'let me in' }]);

    await alice.ok('group.respond', { groupId: group.groupId, userId: 'carol', accept: true });
    expect(await carol.nextPush('groupApplicationHandled')).toEqual({
      groupId: group.groupId,
      accepted: true,
      by: 'alice',
    });
    const again = await alice.fail('group.respond', {
      groupId: group.groupId,
      userId: 'carol',
      accept: true,
    });
    expect(again).toMatchObject({ code: 10024, name: 'GROUP_APPLICATION_HANDLED' });
    const twice = await carol.fail('group.join', { groupId: group.groupId });
    expect(twice).toMatchObject({ code: 10013, name: 'GROUP_ALREADY_MEMBER' });

    // carol, now a member, is attached to the group without logging in again.
    const sent = await alice.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('hey'),
    });
    const pushed = await carol.nextPush('message', (m) => m.seq === sent.seq);
    expect(pushed).toMatchObject({ from: 'alice', body: text('hey') });
  });

  it('roles: members may not edit a Public group, the owner may not quit it, kicked members stop receiving', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await app.importAccounts(['carol']);
    const { group } = await alice.ok('group.create', {
      type: 'Public',
      name: 'p',
      members: ['bob', 'carol'],
    });
    const denied = await bob.fail('group.update', { groupId: group.groupId, name: 'mine' });
    expect(denied).toMatchObject({ code: 10007, name: 'GROUP_PERMISSION_DENIED' });
    const quit = await alice.fail('group.quit', { groupId: group.groupId });
    expect(quit).toMatchObject({ code: 10009, name: 'GROUP_OWNER_CANNOT_QUIT' });
    const notMember = await alice.fail('group.setMember', {
      groupId: group.groupId,
      userId: 'dave',
      nameCard: 'x',
    });
    expect(notMember).toMatchObject({ code: 10004, name: 'GROUP_INVALID_PARAMETER' });

    await alice.ok('group.kick', { groupId: group.groupId, userIds: ['bob'] });
    await alice.ok('group.send', { groupId: group.groupId, random: nextRandom(), body: text('after') });
    await bob.barrier();
    expect(
      bob.pushesNamed('message').filter((m) => m.body.every((e) => e.MsgType !== 'TIMGroupTipElem')),
    ).toEqual([]);
    const gone = await bob.fail('group.sync', { groupId: group.groupId, afterSeq: 0 });
    expect(gone).toMatchObject({ code: 10007 });
  });

  it('disbanding pushes groupDestroyed; the group is then not found', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Meeting', name: 'm', members: ['bob'] });
    await alice.ok('group.destroy', { groupId: group.groupId });
    expect(await bob.nextPush('groupDestroyed')).toEqual({ groupId: group.groupId, by: 'alice' });
    const missing = await bob.fail('group.send', { groupId: group.groupId, random: 1, body: text('x') });
    expect(missing).toMatchObject({ code: 10010, name: 'GROUP_NOT_FOUND' });
  });
});

describe('group creation limits', () => {
  it('IDs: no custom @TGS#, each once per app', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const invalid = await alice.fail('group.create', { type: 'Work', name: 'w', groupId: '@TGS#mine' });
    expect(invalid).toMatchObject({ code: 10015, name: 'GROUP_ID_INVALID' });
    await alice.ok('group.create', { type: 'Work', name: 'w', groupId: 'mine' });
    const taken = await alice.fail('group.create', { type: 'Work', name: 'w', groupId: 'mine' });
    expect(taken).toMatchObject({ code: 10021, name: 'GROUP_ID_TAKEN' });
  });

  it('plan limits: member count, groups per user, Community needs a higher plan', async () => {
    const app = await server.newApp({ plan: { maxGroupMembers: 3, maxGroupsPerUser: 1 } });
    const alice = await app.login('alice');
    await app.importAccounts(['bob', 'carol', 'dave']);
    const tooBig = await alice.fail('group.create', { type: 'Work', name: 'w', maxMembers: 4 });
    expect(tooBig).toMatchObject({ code: 10038, name: 'GROUP_MEMBER_LIMIT' });
    const community = await alice.fail('group.create', { type: 'Community', name: 'c' });
    expect(community).toMatchObject({ code: 10059, name: 'GROUP_PLAN_FEATURE' });
    const unknown = await alice.fail('group.create', { type: 'Work', name: 'w', members: ['nobody'] });
    expect(unknown).toMatchObject({ code: 10019, name: 'GROUP_USER_NOT_FOUND' });
    const avMembers = await alice.fail('group.create', {
      type: 'AVChatRoom',
      name: 'live',
      members: ['bob'],
    });
    expect(avMembers).toMatchObject({ code: 10003, name: 'GROUP_UNSUPPORTED_OPERATION' });

    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob', 'carol'] });
    const full = await alice.fail('group.invite', { groupId: group.groupId, userIds: ['dave'] });
    expect(full).toMatchObject({ code: 10014, name: 'GROUP_FULL' });
    const second = await alice.fail('group.create', { type: 'Work', name: 'w2' });
    expect(second).toMatchObject({ code: 10037, name: 'GROUP_TOO_MANY_JOINED' });
  });
});
