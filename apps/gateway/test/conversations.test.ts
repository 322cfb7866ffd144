import { sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('conversations', () => {
  it('lists recent contacts, most recent first, with the last message and the unread count', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const carol = await app.login('carol');
    await sendText(bob, 'alice', 'b1');
    await sendText(bob, 'alice', 'b2');
    await sendText(carol, 'alice', 'c1');
    await sendText(alice, 'carol', 'a1');

    const { conversations } = await alice.ok('conversations');
    const carols = conversations.find((c) => c.peer === 'carol');
    const bobsEntry = conversations.find((c) => c.peer === 'bob');
    expect(carols?.updatedAt).toBeGreaterThanOrEqual(bobsEntry?.updatedAt ?? Number.POSITIVE_INFINITY);
    expect(conversations).toHaveLength(2);
    expect(conversations).toEqual(
      expect.arrayContaining([
        {
          conversationId: 'c2c:alice:carol',
          peer: 'carol',
          lastSeq: 2,
          readSeq: 0,
          unread: 1,
          lastMessage: expect.objectContaining({ seq: 2, from: 'alice', body: text('a1') }),
          updatedAt: expect.any(Number),
        },
        {
          conversationId: 'c2c:alice:bob',
          peer: 'bob',
          lastSeq: 2,
          readSeq: 0,
          unread: 2,
          lastMessage: expect.objectContaining({ seq: 2, from: 'bob', body: text('b2') }),
          updatedAt: expect.any(Number),
        },
      ]),
    );
    const bobs = await bob.ok('conversations');
    expect(bobs.conversations).toEqual([expect.objectContaining({ peer: 'alice', unread: 0 })]);
  });

  it('shows a recalled last message as a tombstone', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const sent = await sendText(alice, 'bob', 'oops');
    await alice.ok('recall', { conversationId: sent.conversationId, seq: sent.seq });
    const { conversations } = await bob.ok('conversations');
    expect(conversations[0]?.lastMessage).toMatchObject({ seq: 1, body: [], recalled: true });
  });

  it('returns at most messaging.recentContacts conversations (and at most `limit`)', async () => {
    const app = await server.newApp();
    const peers = Array.from({ length: 103 }, (_, i) => `peer${String(i).padStart(3, '0')}`);
    for (const chunk of [peers.slice(0, 100), peers.slice(100)]) {
      await app.importAccounts(chunk);
    }
    const alice = await app.login('alice');
    const sentAt = new Map<string, number>();
    for (const peer of peers) sentAt.set(peer, (await sendText(alice, peer, `to ${peer}`)).time);

    // Most recently updated first; the clock has millisecond resolution, so compare times, not names.
    const all = await alice.ok('conversations');
    expect(all.conversations).toHaveLength(100);
    const times = all.conversations.map((c) => c.updatedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const listed = new Set(all.conversations.map((c) => c.peer));
    const oldestListed = Math.min(...times);
    for (const [peer, time] of sentAt) if (!listed.has(peer)) expect(time).toBeLessThanOrEqual(oldestListed);
    const asked = await alice.ok('conversations', { limit: 500 });
    expect(asked.conversations).toHaveLength(100);
    const few = await alice.ok('conversations', { limit: 5 });
    expect(few.conversations).toEqual(all.conversations.slice(0, 5));

    await app.configure({ messaging: { recentContacts: 150 } });
    expect((await alice.ok('conversations')).conversations).toHaveLength(103);
  });
});

describe('read', () => {
  it('updates unread and pushes `read` to the peer and the reader’s other sessions', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'dual-platform' } });
    const alice = await app.login('alice');
    const bob = await app.login('bob', { platform: 'web' });
    const bobPhone = await app.login('bob', { platform: 'android' });
    for (const body of ['1', '2', '3']) await sendText(alice, 'bob', body);

    const reply = await bob.ok('read', { conversationId: 'c2c:alice:bob', seq: 2 });
    expect(reply).toEqual({ conversationId: 'c2c:alice:bob', readSeq: 2, unread: 1 });
    const push = { conversationId: 'c2c:alice:bob', by: 'bob', readSeq: 2 };
    expect(await alice.nextPush('read')).toEqual(push);
    expect(await bobPhone.nextPush('read')).toEqual(push);
    await bob.barrier();
    expect(bob.pushesNamed('read')).toEqual([]);

    const { conversations } = await bobPhone.ok('conversations');
    expect(conversations[0]).toMatchObject({ readSeq: 2, unread: 1 });
  });

  it('never moves back, clamps to the last seq, and pushes nothing when nothing changed', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    for (const body of ['1', '2', '3']) await sendText(alice, 'bob', body);
    expect(await bob.ok('read', { conversationId: 'c2c:alice:bob', seq: 99 })).toMatchObject({
      readSeq: 3,
      unread: 0,
    });
    expect(await bob.ok('read', { conversationId: 'c2c:alice:bob', seq: 1 })).toMatchObject({
      readSeq: 3,
      unread: 0,
    });
    await alice.barrier();
    expect(alice.pushesNamed('read')).toEqual([{ conversationId: 'c2c:alice:bob', by: 'bob', readSeq: 3 }]);
  });

  it('of a conversation without messages answers readSeq 0', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const reply = await alice.ok('read', { conversationId: 'c2c:alice:zed', seq: 5 });
    expect(reply).toEqual({ conversationId: 'c2c:alice:zed', readSeq: 0, unread: 0 });
  });
});
