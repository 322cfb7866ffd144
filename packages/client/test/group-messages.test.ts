import type { ParleyClientEvents } from '@parley/client';
import type { WireMessage } from '@parley/protocol';
import { startTestParley, type TestParley } from '@parley/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, range, received, record, settle, text, textOf } from './client-test-tools.ts';
import { NetworkDown, newTestApp } from './real-parley.ts';

// Group messages through the SDK against a whole Parley (admin API + gateway) on real sockets.
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

const summary = (messages: readonly WireMessage[]) => messages.map((m) => [m.seq, m.from, textOf(m)]);

describe('group messages through the client SDK', () => {
  it('members send and receive in order; a sender gets its own messages from send(), not as events', async () => {
    app = await newTestApp(parley);
    const bob = await app.connect('bob');
    const alice = await app.connect('alice');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const G = `group:${group.groupId}`;
    const aliceSeen = record(alice.client, 'message');
    const bobSeen = record(bob.client, 'message');

    const a1 = await alice.client.groups.send(group.groupId, text('a1'));
    const b2 = await bob.client.groups.send(group.groupId, text('b2'), { mentions: ['alice'] });
    await alice.client.groups.send(group.groupId, text('a3'), { cloudCustomData: '{"k":1}' });
    await received(bob.client, bobSeen, 2);
    await received(alice.client, aliceSeen, 1);
    await settle(alice.client, bob.client);

    expect(a1).toEqual({
      groupId: group.groupId,
      seq: 1,
      msgKey: expect.any(String),
      time: expect.any(Number),
    });
    expect(b2).toMatchObject({ groupId: group.groupId, seq: 2 });
    expect(summary(bobSeen)).toEqual([
      [1, 'alice', 'a1'],
      [3, 'alice', 'a3'],
    ]);
    expect(bobSeen.every((m) => m.conversationId === G && m.to === group.groupId)).toBe(true);
    expect(bobSeen[1]?.cloudCustomData).toBe('{"k":1}');
    expect(aliceSeen).toMatchObject([{ conversationId: G, seq: 2, from: 'bob', mentions: ['alice'] }]);
    expect(alice.client.lastSeenSeq(G)).toBe(3);
    expect(bob.client.lastSeenSeq(G)).toBe(3);
  });

  it('a member who was offline gets every group message sent meanwhile once, in order, paged by group.sync', async () => {
    app = await newTestApp(parley);
    const bob = await app.connect('bob', { syncPageSize: 4 });
    const alice = await app.connect('alice');
    const carol = await app.connect('carol');
    const { group } = await alice.client.groups.create({
      type: 'Work',
      name: 'Team',
      members: ['bob', 'carol'],
    });
    const G = `group:${group.groupId}`;
    const bobSeen = record(bob.client, 'message');
    const recalled = record(bob.client, 'groupRecalled');
    const errors = record(bob.client, 'error');
    await alice.client.groups.send(group.groupId, text('m1'));
    await received(bob.client, bobSeen, 1);

    const disconnected = nextEvent(bob.client, 'disconnected');
    bob.network.goOffline();
    await disconnected;
    for (let i = 2; i <= 16; i++) {
      const sender = i % 3 === 0 ? carol : alice;
      await sender.client.groups.send(group.groupId, text(`m${i}`));
    }
    // Recalled before bob ever saw it: it reaches him as a tombstone, not as a recall event.
    await carol.client.groups.recall(group.groupId, 6);
    const reconnected = nextEvent(bob.client, 'connected');
    bob.network.goOnline();
    const login = await reconnected;
    await received(bob.client, bobSeen, 16);
    await settle(bob.client);

    expect(login.conversations).toContainEqual({ conversationId: G, lastSeq: 16 });
    expect(bobSeen.map((m) => m.seq)).toEqual(range(1, 16));
    expect(bobSeen.map((m) => (m.recalled ? 'recalled' : textOf(m)))).toEqual(
      range(1, 16).map((i) => (i === 6 ? 'recalled' : `m${i}`)),
    );
    expect(recalled).toEqual([]);
    // Only the reconnect attempts made while the network was down failed.
    expect(errors.every((error) => error instanceof NetworkDown)).toBe(true);
    expect(bob.client.lastSeenSeqs()).toEqual({ [G]: 16 });
    const syncs = bob.network.sentOps('group.sync');
    expect(syncs[0]).toEqual({ groupId: group.groupId, afterSeq: 1, limit: 4 });
    expect(syncs.map((s) => s.afterSeq)).toEqual([1, 5, 9, 13]);
  });

  it('a lost group push is noticed from the next message seq and the gap is synced', async () => {
    app = await newTestApp(parley);
    const bob = await app.connect('bob');
    const alice = await app.connect('alice');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const G = `group:${group.groupId}`;
    const bobSeen = record(bob.client, 'message');
    bob.network.loseIncoming(
      (frame) =>
        frame.push === 'message' &&
        frame.data?.conversationId === G &&
        [2, 3].includes(frame.data.seq as number),
    );

    for (let i = 1; i <= 5; i++) await alice.client.groups.send(group.groupId, text(`m${i}`));
    await received(bob.client, bobSeen, 5);
    await settle(bob.client);

    expect(summary(bobSeen)).toEqual(range(1, 5).map((i) => [i, 'alice', `m${i}`]));
    expect(bob.network.sentOps('group.sync')[0]).toEqual({ groupId: group.groupId, afterSeq: 1, limit: 100 });
  });

  it('emits groupRecalled for a message already delivered, to the other members and the recalling client', async () => {
    app = await newTestApp(parley);
    const bob = await app.connect('bob');
    const alice = await app.connect('alice');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const bobSeen = record(bob.client, 'message');
    const sent = await alice.client.groups.send(group.groupId, text('oops'));
    await received(bob.client, bobSeen, 1);

    const bobRecall = nextEvent(bob.client, 'groupRecalled');
    const aliceRecall = nextEvent(alice.client, 'groupRecalled');
    expect(await alice.client.groups.recall(group.groupId, sent.seq)).toEqual({
      groupId: group.groupId,
      seq: sent.seq,
    });

    const expected: ParleyClientEvents['groupRecalled'] = { groupId: group.groupId, seq: 1, by: 'alice' };
    expect(await bobRecall).toEqual(expected);
    expect(await aliceRecall).toEqual(expected);
    expect(bobSeen).toHaveLength(1);
    const { messages } = await bob.client.groups.history(group.groupId);
    expect(messages).toMatchObject([{ seq: 1, recalled: true, body: [] }]);
  });

  it('a restarted client resumes a group from lastSeenSeqs and receives only what comes after', async () => {
    app = await newTestApp(parley);
    await app.connect('bob');
    const alice = await app.connect('alice');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const G = `group:${group.groupId}`;
    for (let i = 1; i <= 5; i++) await alice.client.groups.send(group.groupId, text(`m${i}`));

    const again = await app.connect('bob', { lastSeenSeqs: { [G]: 3 }, platform: 'linux' });
    const seen = record(again.client, 'message');
    await received(again.client, seen, 2);
    await settle(again.client);

    expect(summary(seen)).toEqual([
      [4, 'alice', 'm4'],
      [5, 'alice', 'm5'],
    ]);
  });

  it('delivers an online-only group message as it comes, outside the sequence', async () => {
    app = await newTestApp(parley);
    const bob = await app.connect('bob');
    const alice = await app.connect('alice');
    const { group } = await alice.client.groups.create({ type: 'Work', name: 'Team', members: ['bob'] });
    const G = `group:${group.groupId}`;
    const bobSeen = record(bob.client, 'message');

    const typing = await alice.client.groups.send(group.groupId, text('typing…'), { onlineOnly: true });
    await alice.client.groups.send(group.groupId, text('stored'));
    await received(bob.client, bobSeen, 2);
    await settle(bob.client);

    expect(typing.seq).toBe(0);
    expect(summary(bobSeen)).toEqual([
      [0, 'alice', 'typing…'],
      [1, 'alice', 'stored'],
    ]);
    expect(bob.client.lastSeenSeq(G)).toBe(1);
  });
});
