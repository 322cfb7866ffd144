import type { ParleyClient, ParleyClientEvents } from '@parley/client';
import { isParleyClientError } from '@parley/client';
import { startTestParley, type TestParley } from '@parley/testing';
import { withTimeout } from '@parley/testing/kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, record, text, textOf, until } from './client-test-tools.ts';
import { NetworkDown, newTestApp } from './real-parley.ts';

// The `group.*` ops and group pushes through the SDK against a whole Parley on real sockets.
let parley: TestParley;
let app: Awaited<ReturnType<typeof newTestApp>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterEach(async () => {
  await app?.closeAll();
});
afterAll(async () => {
  await parley.close();
});

function event<E extends keyof ParleyClientEvents>(client: ParleyClient, name: E) {
  return withTimeout(nextEvent(client, name), 5_000, `the ${name} event`);
}

describe('group ops through the client SDK', () => {
  it('a Public group: applications reach the admins, answers reach the applicants, members get what follows', async () => {
    app = await newTestApp(parley);
    const alice = await app.connect('alice');
    const bob = await app.connect('bob');
    const carol = await app.connect('carol');
    const { group } = await alice.client.groups.create({ type: 'Public', name: 'Open' });
    expect(group).toMatchObject({ type: 'Public', ownerId: 'alice', applyJoinOption: 'NeedPermission' });
    const G = `group:${group.groupId}`;
    await alice.client.groups.send(group.groupId, text('before bob'));
    const bobSeen = record(bob.client, 'message');

    const application = event(alice.client, 'groupApplication');
    expect(await bob.client.groups.join(group.groupId, 'let me in')).toEqual({
      groupId: group.groupId,
      status: 'pending',
    });
    expect(await application).toEqual({ groupId: group.groupId, userId: 'bob', wording: 'let me in' });
    const carolApplication = event(alice.client, 'groupApplication');
    await carol.client.groups.join(group.groupId);
    await carolApplication;
    const { applications } = await alice.client.groups.applications(group.groupId);
    expect(applications.map((a) => [a.userId, a.wording])).toEqual([
      ['bob', 'let me in'],
      ['carol', ''],
    ]);

    const bobAnswer = event(bob.client, 'groupApplicationHandled');
    const carolAnswer = event(carol.client, 'groupApplicationHandled');
    expect(await alice.client.groups.respond(group.groupId, 'bob', true)).toEqual({
      groupId: group.groupId,
      userId: 'bob',
      status: 'joined',
    });
    await alice.client.groups.respond(group.groupId, 'carol', false);
    expect(await bobAnswer).toEqual({ groupId: group.groupId, accepted: true, by: 'alice' });
    expect(await carolAnswer).toEqual({ groupId: group.groupId, accepted: false, by: 'alice' });

    await alice.client.groups.send(group.groupId, text('welcome'));
    await withTimeout(
      until(bob.client, ['message'], () => bobSeen.some((m) => textOf(m) === 'welcome')),
      5_000,
      'the welcome message',
    );
    await bob.client.request('ping', {});
    // No pre-join history in Public groups: bob's stream starts with his Join tip, without a gap or a duplicate.
    expect(bobSeen.map((m) => [m.seq, m.body[0]?.MsgType, textOf(m)])).toEqual([
      [2, 'TIMGroupTipElem', undefined],
      [3, 'TIMTextElem', 'welcome'],
    ]);
    expect(bob.client.lastSeenSeq(G)).toBe(3);
    expect((await carol.client.groups.joined()).groups).toEqual([]);
  });

  it('after a reconnect, syncs the groups whose lastSeq moved and leaves alone those the user left', async () => {
    app = await newTestApp(parley);
    const alice = await app.connect('alice');
    const bob = await app.connect('bob');
    const create = async (name: string, type: 'Work' | 'Public') =>
      (await alice.client.groups.create({ type, name, members: ['bob'] })).group.groupId;
    const [busy, quiet, left, destroyed] = [
      await create('busy', 'Work'),
      await create('quiet', 'Work'),
      await create('left', 'Work'),
      await create('destroyed', 'Public'),
    ];
    const bobSeen = record(bob.client, 'message');
    const errors = record(bob.client, 'error');
    for (const groupId of [busy, quiet, left, destroyed]) await alice.client.groups.send(groupId, text('hi'));
    await withTimeout(
      until(bob.client, ['message'], () => bobSeen.length >= 4),
      5_000,
      '4 messages',
    );

    await bob.client.groups.quit(left);
    const gone = event(bob.client, 'groupDestroyed');
    await alice.client.groups.destroy(destroyed);
    expect(await gone).toEqual({ groupId: destroyed, by: 'alice' });
    const disconnected = event(bob.client, 'disconnected');
    bob.network.goOffline();
    await disconnected;
    await alice.client.groups.send(busy, text('while away'));
    const syncsBefore = bob.network.sentOps('group.sync').length;
    const reconnected = event(bob.client, 'connected');
    bob.network.goOnline();
    await reconnected;
    await withTimeout(
      until(bob.client, ['message'], () => bobSeen.some((m) => textOf(m) === 'while away')),
      5_000,
      'the message sent while bob was away',
    );
    await bob.client.request('ping', {});

    expect(bob.network.sentOps('group.sync').slice(syncsBefore)).toEqual([
      { groupId: busy, afterSeq: 1, limit: 100 },
    ]);
    expect(errors.every((error) => error instanceof NetworkDown)).toBe(true);
    expect(bob.client.lastSeenSeq(`group:${busy}`)).toBe(2);
  });

  it('a member removed while a gap was open gets what was held and no error', async () => {
    app = await newTestApp(parley);
    const alice = await app.connect('alice');
    const bob = await app.connect('bob');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const G = `group:${group.groupId}`;
    const bobSeen = record(bob.client, 'message');
    const errors = record(bob.client, 'error');
    // Bob misses message 1; the Kick tip (seq 2) opens a gap his sync can no longer fill.
    bob.network.loseIncoming((frame) => frame.push === 'message' && frame.data?.seq === 1);
    await alice.client.groups.send(group.groupId, text('lost'));
    await bob.client.request('ping', {});
    await alice.client.groups.kick(group.groupId, ['bob']);
    await withTimeout(
      until(bob.client, ['message'], () => bobSeen.length >= 1),
      5_000,
      'the Kick tip',
    );
    await bob.client.request('ping', {});

    expect(bobSeen).toMatchObject([
      { conversationId: G, seq: 2, body: [{ MsgType: 'TIMGroupTipElem', MsgContent: { OpType: 'Kick' } }] },
    ]);
    expect(errors).toEqual([]);
    expect(bob.client.lastSeenSeq(G)).toBe(2);
  });

  it('every group op method reaches the gateway with its data and resolves with its reply', async () => {
    app = await newTestApp(parley, { multiLogin: { policy: 'dual-platform' } });
    const alice = await app.connect('alice');
    const bob = await app.connect('bob', { platform: 'android' });
    const bobOnWeb = await app.connect('bob', { platform: 'web' });
    await app.connect('carol');
    const { groups } = alice.client;

    const { group: work } = await groups.create({ type: 'Work', name: 'Work', members: ['bob'] });
    const W = work.groupId;
    expect(await groups.invite(W, ['carol'])).toEqual({ groupId: W, added: ['carol'], alreadyMembers: [] });
    expect(await groups.kick(W, ['carol'])).toEqual({ groupId: W, removed: ['carol'] });
    const firstPage = await groups.members(W, { limit: 1 });
    expect(firstPage.members.map((m) => [m.userId, m.role])).toEqual([['alice', 'Owner']]);
    const secondPage = await groups.members(W, { after: firstPage.next ?? '' });
    expect(secondPage.members.map((m) => m.userId)).toEqual(['bob']);
    expect(await groups.info([W, 'no-such-group'])).toMatchObject({
      groups: [{ groupId: W, name: 'Work' }],
      notFound: ['no-such-group'],
    });
    expect((await groups.update({ groupId: W, name: 'Renamed' })).group.name).toBe('Renamed');
    const sent = await groups.send(W, text('read me'));
    const groupRead = event(bobOnWeb.client, 'groupRead');
    expect(await bob.client.groups.read(W, sent.seq)).toMatchObject({ groupId: W, readSeq: sent.seq });
    expect(await groupRead).toEqual({ groupId: W, by: 'bob', readSeq: sent.seq });
    expect(await groups.receipts(W, [sent.seq])).toEqual({
      receipts: [{ seq: sent.seq, readCount: 1, unreadCount: 0 }],
    });
    expect(await groups.readers(W, sent.seq)).toEqual({ userIds: ['bob'] });
    expect(await groups.readers(W, sent.seq, { read: false })).toEqual({ userIds: [] });
    const history = await groups.history(W, { limit: 2 });
    expect(history.messages.map((m) => m.seq)).toEqual([sent.seq, sent.seq - 1]);
    const page = await groups.sync(W, sent.seq - 1);
    expect(page).toMatchObject({ lastSeq: sent.seq, complete: true, messages: [{ seq: sent.seq }] });
    expect((await groups.joined()).groups).toContainEqual(
      expect.objectContaining({ groupId: W, type: 'Work', role: 'Owner' }),
    );
    expect(await groups.transfer(W, 'bob')).toEqual({ groupId: W, ownerId: 'bob' });

    const { group: open } = await groups.create({ type: 'Public', name: 'Open', members: ['bob'] });
    const P = open.groupId;
    const promoted = await groups.setMember({ groupId: P, userId: 'bob', role: 'Admin' });
    expect(promoted.member).toMatchObject({ userId: 'bob', role: 'Admin' });
    expect(await groups.muteAll(P, true)).toEqual({ groupId: P, muted: true });
    expect(await groups.quit(P).catch((e: unknown) => e)).toMatchObject({ name: 'GROUP_OWNER_CANNOT_QUIT' });
    expect(await bob.client.groups.quit(P)).toEqual({ groupId: P });
    expect(await groups.destroy(P)).toEqual({ groupId: P });

    const denied = await groups.send(P, text('gone')).catch((e: unknown) => e);
    expect(isParleyClientError(denied) && denied.name).toBe('GROUP_NOT_FOUND');
  });
});
