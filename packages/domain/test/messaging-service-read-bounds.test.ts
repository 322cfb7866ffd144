import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGE_BYTES, type MessageStore, type MessagingService, READ_SLICE_ROWS } from '../src/index.ts';
import { createDomainFixture, type DomainFixture, text } from './support/domain-fixture.ts';

const CONV = 'c2c:alice:bob';

let f: DomainFixture;
let messaging: MessagingService;
let sdkAppId: number;

beforeEach(async () => {
  f = createDomainFixture();
  messaging = f.messaging();
  ({ sdkAppId } = await f.newApp({ plan: { maxReadsPerUserPerSecond: 3 } }, ['alice', 'bob']));
});
afterEach(() => f.close());

const as = (userId: string) => f.actor(sdkAppId, userId);

describe('MessagingService bounds every read', () => {
  it('a sync or history page stops at MAX_PAGE_BYTES, incomplete, and the next page goes on from there', async () => {
    // 120 messages of about 11 KB: 1.3 MB, over the page budget however large the limit.
    const big = 'x'.repeat(11_000);
    for (let random = 1; random <= 120; random += 1) {
      await messaging.send(await as('alice'), { to: 'bob', random, body: text(big) });
    }
    const first = await messaging.sync(await as('bob'), { conversationId: CONV, afterSeq: 0, limit: 500 });
    const perMessage = Buffer.byteLength(JSON.stringify(text(big)));
    expect(first.messages).toHaveLength(Math.floor(MAX_PAGE_BYTES / perMessage));
    expect(first.complete).toBe(false);
    expect(first.lastSeq).toBe(120);
    const next = await messaging.sync(await as('alice'), {
      conversationId: CONV,
      afterSeq: first.messages.at(-1)?.seq ?? 0,
      limit: 500,
    });
    expect(next.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: 120 - first.messages.length }, (_, i) => first.messages.length + 1 + i),
    );
    expect(next.complete).toBe(true);
    const history = await messaging.history(await as('bob'), { conversationId: CONV, limit: 100 });
    expect(history.messages).toHaveLength(first.messages.length);
    expect(history.complete).toBe(false);
  });

  it('reads the store in slices: never more rows at once than a slice, never much more than the page', async () => {
    const big = 'x'.repeat(11_000);
    for (let random = 1; random <= 300; random += 1) {
      await messaging.send(await as('alice'), { to: 'bob', random, body: text(big) });
    }
    const asked: number[] = [];
    const store = f.stores.messages;
    const counting: MessageStore = Object.assign(Object.create(store), {
      listAfter: (...args: Parameters<MessageStore['listAfter']>) => {
        asked.push(args[3]);
        return store.listAfter(...args);
      },
      listBefore: (...args: Parameters<MessageStore['listBefore']>) => {
        asked.push(args[3]);
        return store.listBefore(...args);
      },
    });
    const reader = f.messaging({ messages: counting });
    const page = await reader.sync(await as('bob'), { conversationId: CONV, afterSeq: 0, limit: 500 });
    expect(page.complete).toBe(false);
    expect(Math.max(...asked)).toBeLessThanOrEqual(READ_SLICE_ROWS);
    expect(asked.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(page.messages.length + READ_SLICE_ROWS);

    // Small messages: exactly `limit` left is complete; one more is not.
    f.clock.advance(1_000); // the file's read quota is 3 a second
    const tail = await reader.sync(await as('bob'), { conversationId: CONV, afterSeq: 200, limit: 100 });
    expect([tail.messages.length, tail.complete]).toEqual([
      Math.min(100, Math.floor(MAX_PAGE_BYTES / Buffer.byteLength(JSON.stringify(text(big))))),
      false,
    ]);
    const history = await reader.history(await as('bob'), { conversationId: CONV, beforeSeq: 61, limit: 60 });
    expect(history.messages.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
    expect(history.complete).toBe(true);
    f.clock.advance(1_000);
    const sync = await reader.sync(await as('bob'), { conversationId: CONV, afterSeq: 240, limit: 60 });
    expect(sync.messages.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 241 + i));
    expect(sync.complete).toBe(true);
  });

  it('sync, history and conversations share the user’s read quota; past it READ_RATE_LIMITED', async () => {
    const bob = await as('bob');
    await messaging.sync(bob, { conversationId: CONV, afterSeq: 0, limit: 10 });
    await messaging.history(bob, { conversationId: CONV, limit: 10 });
    await messaging.conversations(bob, {});
    await expect(messaging.sync(bob, { conversationId: CONV, afterSeq: 0, limit: 10 })).rejects.toMatchObject(
      {
        errorName: 'READ_RATE_LIMITED',
        code: 91034,
      },
    );
    // Another user has a quota of their own.
    await expect(messaging.conversations(await as('alice'), {})).resolves.toMatchObject({
      conversations: [],
    });
  });
});
