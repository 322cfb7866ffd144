import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessagingService } from '../src/index.ts';
import { createDomainFixture, type DomainFixture, text } from './support/domain-fixture.ts';
import { START } from './support/doubles.ts';

const CONV = 'c2c:alice:bob';
const DAY = 86_400_000;

let f: DomainFixture;
let messaging: MessagingService;
let sdkAppId: number;
let nextRandom = 1;

beforeEach(async () => {
  f = createDomainFixture();
  messaging = f.messaging();
  ({ sdkAppId } = await f.newApp({}, ['alice', 'bob', 'carol']));
});
afterEach(() => f.close());

const as = (userId: string) => f.actor(sdkAppId, userId);
async function send(from: string, to: string, count = 1, cloudCustomData?: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const data = { to, random: nextRandom++, body: text(`${from} ${i}`) };
    await messaging.send(await as(from), cloudCustomData ? { ...data, cloudCustomData } : data);
  }
  f.pushes.clear();
}
const seqs = (result: { messages: { seq: number }[] }) => result.messages.map((m) => m.seq);

describe('MessagingService sync and history', () => {
  beforeEach(() => send('alice', 'bob', 5));

  it('sync pages forward from afterSeq and says when the page reaches the end', async () => {
    const sync = async (afterSeq: number, limit: number) =>
      messaging.sync(await as('bob'), { conversationId: CONV, afterSeq, limit });
    expect(await sync(0, 2)).toMatchObject({ lastSeq: 5, complete: false });
    expect(seqs(await sync(0, 2))).toEqual([1, 2]);
    expect(seqs(await sync(3, 2))).toEqual([4, 5]);
    expect((await sync(3, 2)).complete).toBe(true);
    expect(await sync(5, 2)).toEqual({ messages: [], lastSeq: 5, complete: true });
  });

  it('history pages backward, newest first', async () => {
    const history = async (beforeSeq: number | undefined, limit: number) =>
      messaging.history(await as('alice'), {
        conversationId: CONV,
        limit,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
    expect(seqs(await history(undefined, 2))).toEqual([5, 4]);
    expect((await history(undefined, 2)).complete).toBe(false);
    expect(await history(3, 2)).toMatchObject({ complete: true });
    expect(seqs(await history(3, 2))).toEqual([2, 1]);
    expect(seqs(await history(2, 20))).toEqual([1]);
  });

  it('only the two participants may read a conversation', async () => {
    const carol = await as('carol');
    await expect(
      messaging.sync(carol, { conversationId: CONV, afterSeq: 0, limit: 10 }),
    ).rejects.toMatchObject({
      errorName: 'NOT_A_PARTICIPANT',
    });
    await expect(messaging.history(carol, { conversationId: CONV, limit: 10 })).rejects.toMatchObject({
      errorName: 'NOT_A_PARTICIPANT',
    });
  });
});

describe('the history retention horizon', () => {
  beforeEach(async () => {
    await f.configure(sdkAppId, { messaging: { historyRetentionDays: 1 } });
    await send('alice', 'bob');
  });

  it('hides messages older than the app’s storage period from sync, history and recall', async () => {
    f.clock.advance(DAY);
    const bob = await as('bob');
    expect(seqs(await messaging.sync(bob, { conversationId: CONV, afterSeq: 0, limit: 10 }))).toEqual([1]);
    await send('alice', 'bob');
    f.clock.advance(1);
    expect(await messaging.sync(bob, { conversationId: CONV, afterSeq: 0, limit: 10 })).toMatchObject({
      lastSeq: 2,
      complete: true,
    });
    expect(seqs(await messaging.sync(bob, { conversationId: CONV, afterSeq: 0, limit: 10 }))).toEqual([2]);
    expect(seqs(await messaging.history(bob, { conversationId: CONV, limit: 10 }))).toEqual([2]);
    await expect(messaging.recall(await as('alice'), { conversationId: CONV, seq: 1 })).rejects.toMatchObject(
      {
        errorName: 'MESSAGE_NOT_FOUND',
      },
    );
  });

  it('hides an expired last message in the conversation list but keeps its seq and unread', async () => {
    f.clock.advance(DAY + 1);
    const { conversations } = await messaging.conversations(await as('bob'), {});
    expect(conversations).toEqual([
      {
        conversationId: CONV,
        peer: 'alice',
        lastSeq: 1,
        readSeq: 0,
        unread: 1,
        lastMessage: null,
        updatedAt: START,
      },
    ]);
  });
});

describe('MessagingService.recall', () => {
  const recall = async (userId: string, seq = 1) =>
    messaging.recall(await as(userId), { conversationId: CONV, seq });

  it('the sender recalls within the limit: a tombstone, pushed to both users and called back', async () => {
    await send('alice', 'bob', 1, 'meta');
    f.clock.advance(120_000);
    expect(await recall('alice')).toEqual({ conversationId: CONV, seq: 1 });
    expect(await f.stores.messages.get(sdkAppId, CONV, 1)).toMatchObject({
      body: [],
      recalledAt: START + 120_000,
    });
    const synced = await messaging.sync(await as('bob'), { conversationId: CONV, afterSeq: 0, limit: 10 });
    expect(synced.messages[0]).toMatchObject({ seq: 1, body: [], recalled: true });
    expect(synced.messages[0]).not.toHaveProperty('cloudCustomData');
    expect(f.pushes.pushes).toEqual([
      {
        sdkAppId,
        targets: [{ userId: 'alice' }, { userId: 'bob' }],
        push: 'recalled',
        data: { conversationId: CONV, seq: 1, by: 'alice' },
      },
    ]);
    expect(f.hooks.afterRecallCalls.map((c) => c.message.recalledAt)).toEqual([START + 120_000]);
    const { conversations } = await messaging.conversations(await as('bob'), {});
    expect(conversations[0]?.lastMessage).toMatchObject({ seq: 1, body: [], recalled: true });
  });

  it('refuses after the recall time limit', async () => {
    await send('alice', 'bob');
    f.clock.advance(120_001);
    await expect(recall('alice')).rejects.toMatchObject({
      errorName: 'RECALL_TIME_LIMIT_EXCEEDED',
      code: 20016,
    });
  });

  it('refuses anyone but the sender', async () => {
    await send('alice', 'bob');
    await expect(recall('bob')).rejects.toMatchObject({
      errorName: 'RECALL_NOT_SENDER',
      code: 91052,
    });
  });

  it('refuses when the app disabled recall', async () => {
    await f.configure(sdkAppId, { messaging: { recallLimitSeconds: 0 } });
    await send('alice', 'bob');
    await expect(recall('alice')).rejects.toMatchObject({
      errorName: 'RECALL_DISABLED',
      code: 91053,
    });
  });

  it('a second recall answers the same and pushes and calls back nothing more', async () => {
    await send('alice', 'bob');
    await recall('alice');
    expect(await recall('alice')).toEqual({ conversationId: CONV, seq: 1 });
    expect(f.pushes.pushes.length).toBe(1);
    expect(f.hooks.afterRecallCalls.length).toBe(1);
  });

  it('a missing message is MESSAGE_NOT_FOUND', async () => {
    await send('alice', 'bob');
    await expect(recall('alice', 2)).rejects.toMatchObject({ errorName: 'MESSAGE_NOT_FOUND' });
  });
});

describe('MessagingService.conversations', () => {
  it('lists the user’s conversations, most recent first, with their unread counts', async () => {
    await send('alice', 'bob', 2);
    f.clock.advance(1_000);
    await send('carol', 'bob');
    const { conversations } = await messaging.conversations(await as('bob'), {});
    expect(conversations.map((c) => [c.conversationId, c.peer, c.lastSeq, c.unread, c.updatedAt])).toEqual([
      ['c2c:bob:carol', 'carol', 1, 1, START + 1_000],
      [CONV, 'alice', 2, 2, START],
    ]);
    expect(conversations[1]?.lastMessage).toMatchObject({ seq: 2, from: 'alice', body: text('alice 1') });
    const alice = await messaging.conversations(await as('alice'), {});
    expect(alice.conversations.map((c) => [c.conversationId, c.unread])).toEqual([[CONV, 0]]);
    expect((await messaging.conversations(await as('bob'), { limit: 1 })).conversations.length).toBe(1);
  });
});

describe('MessagingService.read', () => {
  const read = async (seq: number, conversationId = CONV) =>
    messaging.read(await as('bob'), { conversationId, seq });

  beforeEach(() => send('alice', 'bob', 3));

  it('moves readSeq, recounts unread and tells the peer and the reader’s other instances', async () => {
    expect(await read(2)).toEqual({ conversationId: CONV, readSeq: 2, unread: 1 });
    expect(f.pushes.pushes).toEqual([
      {
        sdkAppId,
        targets: [{ userId: 'alice' }, { userId: 'bob', exceptInstanceId: 'bob-1' }],
        push: 'read',
        data: { conversationId: CONV, by: 'bob', readSeq: 2 },
      },
    ]);
    expect(await f.stores.conversations.get(sdkAppId, 'bob', CONV)).toMatchObject({ readSeq: 2, unread: 1 });
  });

  it('never moves readSeq backwards, and pushes only when it moves', async () => {
    await read(2);
    f.pushes.clear();
    expect(await read(1)).toEqual({ conversationId: CONV, readSeq: 2, unread: 1 });
    expect(await read(2)).toEqual({ conversationId: CONV, readSeq: 2, unread: 1 });
    expect(f.pushes.pushes).toEqual([]);
  });

  it('stops at the last seq', async () => {
    expect(await read(99)).toEqual({ conversationId: CONV, readSeq: 3, unread: 0 });
  });

  it('counts only the peer’s messages as unread', async () => {
    await send('bob', 'alice');
    expect(await read(1)).toEqual({ conversationId: CONV, readSeq: 1, unread: 2 });
  });

  it('counts a message recorded between its count and its store once (the count is made again)', async () => {
    // Another send lands while the read counts: as a message sent through another node would.
    const real = f.stores.messages;
    let interleaved = false;
    const messages: typeof real = Object.assign(Object.create(real), {
      countFromAfter: async (...args: Parameters<typeof real.countFromAfter>) => {
        const count = await real.countFromAfter(...args);
        if (!interleaved) {
          interleaved = true;
          await send('alice', 'bob');
        }
        return count;
      },
    });
    const reader = f.messaging({ messages });
    expect(await reader.read(await as('bob'), { conversationId: CONV, seq: 2 })).toEqual({
      conversationId: CONV,
      readSeq: 2,
      unread: 2,
    });
    expect(await f.stores.conversations.get(sdkAppId, 'bob', CONV)).toMatchObject({ lastSeq: 4, unread: 2 });
  });

  it('a conversation without an entry reads as nothing, with no push', async () => {
    expect(await read(5, 'c2c:bob:carol')).toEqual({
      conversationId: 'c2c:bob:carol',
      readSeq: 0,
      unread: 0,
    });
    expect(f.pushes.pushes).toEqual([]);
  });
});
