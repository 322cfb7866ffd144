// Over 300 lines: one contract suite per port, as for every adapter.
import {
  type MessageRowWrites,
  type MessageStore,
  msgKeyOf,
  type NewMessage,
  type StoredMessage,
} from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

/** A message store with the row writes its MessageLog is built from (the suite appends through them). */
type WritableMessageStore = MessageStore & MessageRowWrites;

/** What a MessageStore adapter gives the contract for one test. */
export interface MessageStoreContext {
  /** A store on an isolated backend (the suite also uses fresh sdkAppIds in every test). */
  store: WritableMessageStore;
  /**
   * Opens another store on the same backend with its own connection and caches, as a second node or a
   * restarted process would. The suite uses it for durability and cross-node concurrency.
   */
  reopen(): Promise<WritableMessageStore>;
  /** Closes every store this context opened and removes what the test stored. */
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;

const ab = c2cConversationId('alice', 'bob');
const ac = c2cConversationId('alice', 'carol');

function text(value: string): NewMessage['body'] {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
}

function newMessage(sdkAppId: number, overrides: Partial<NewMessage> = {}): NewMessage {
  const from = overrides.from ?? 'alice';
  const to = overrides.to ?? 'bob';
  return {
    sdkAppId,
    conversationId: c2cConversationId(from, to),
    from,
    to,
    random: Math.floor(Math.random() * 4_000_000_000),
    time: T0,
    body: text('hello'),
    ...overrides,
  };
}

/** Like Promise.all, but waits for every call to finish first, so no write outlives the test that started it. */
async function allSettled<T>(calls: Promise<T>[]): Promise<T[]> {
  const values: T[] = [];
  for (const outcome of await Promise.allSettled(calls)) {
    if (outcome.status === 'rejected') throw outcome.reason;
    values.push(outcome.value);
  }
  return values;
}

async function appendMany(store: WritableMessageStore, messages: NewMessage[]): Promise<StoredMessage[]> {
  const stored: StoredMessage[] = [];
  for (const message of messages) stored.push(await store.append(message));
  return stored;
}

/** The behaviour every MessageStore adapter promises (see packages/domain/src/ports/message-store.ts). */
export function describeMessageStoreContract(
  adapterName: string,
  factory: () => Promise<MessageStoreContext>,
): void {
  describe(`MessageStore contract: ${adapterName}`, () => {
    let ctx: MessageStoreContext;
    let store: WritableMessageStore;
    let app: number;

    beforeEach(async () => {
      ctx = await factory();
      store = ctx.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    describe('append', () => {
      it('allocates seq 1, 2, 3 in a conversation and returns the stored message with its msgKey', async () => {
        const input = newMessage(app, { random: 42, time: T0 + 1500, cloudCustomData: 'cc' });
        const first = await store.append(input);
        expect(first).toEqual({ ...input, seq: 1, msgKey: msgKeyOf(1, 42, T0 + 1500) });
        const rest = await appendMany(store, [
          newMessage(app),
          newMessage(app, { from: 'bob', to: 'alice' }),
        ]);
        expect(rest.map((m) => m.seq)).toEqual([2, 3]);
        for (const message of rest)
          expect(message.msgKey).toBe(msgKeyOf(message.seq, message.random, message.time));
        expect(await store.get(app, ab, 1)).toEqual(first);
      });

      it('counts seq separately per conversation and per app', async () => {
        const other = freshAppId();
        await appendMany(store, [newMessage(app), newMessage(app)]);
        const inOtherConversation = await store.append(newMessage(app, { to: 'carol' }));
        const inOtherApp = await store.append(newMessage(other));
        expect(inOtherConversation).toMatchObject({ conversationId: ac, seq: 1 });
        expect(inOtherApp).toMatchObject({ conversationId: ab, seq: 1 });
        expect((await store.append(newMessage(app))).seq).toBe(3);
      });

      it('is durable: another store on the same backend sees the messages and continues the sequence', async () => {
        const stored = await appendMany(store, [newMessage(app), newMessage(app), newMessage(app)]);
        const reopened = await ctx.reopen();
        expect(await reopened.get(app, ab, 3)).toEqual(stored[2]);
        expect((await reopened.listAfter(app, ab, 0, 10, 0)).map((m) => m.seq)).toEqual([1, 2, 3]);
        expect((await reopened.append(newMessage(app))).seq).toBe(4);
        expect((await store.append(newMessage(app))).seq).toBe(5);
      });

      it('gives seqs exactly 1..200 to 200 concurrent appends from two stores (two nodes)', {
        timeout: 120_000,
      }, async () => {
        const second = await ctx.reopen();
        const inputs = Array.from({ length: 200 }, (_, i) =>
          newMessage(app, { random: i + 1, time: T0 + i }),
        );
        const results = await allSettled(
          inputs.map((input, i) => (i % 2 === 0 ? store : second).append(input)),
        );
        expect(results.map((m) => m.seq).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 200 }, (_, i) => i + 1),
        );
        const listed = await store.listAfter(app, ab, 0, 500, 0);
        expect(listed.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        const byRandom = new Map(results.map((m) => [m.random, m.seq]));
        for (const message of listed) {
          expect(byRandom.get(message.random)).toBe(message.seq);
          expect(message.msgKey).toBe(msgKeyOf(message.seq, message.random, message.time));
        }
      });

      it('never reuses a seq after retention deleted every message of the conversation', async () => {
        await appendMany(store, [newMessage(app), newMessage(app), newMessage(app)]);
        expect(await store.deleteOlderThan(app, T0 + 1)).toBe(3);
        const reopened = await ctx.reopen();
        expect((await reopened.append(newMessage(app, { time: T0 + 10 }))).seq).toBe(4);
        expect((await store.append(newMessage(app, { time: T0 + 11 }))).seq).toBe(5);
      });
    });

    describe('get', () => {
      it('returns undefined for an unknown seq, conversation or app', async () => {
        await store.append(newMessage(app));
        expect(await store.get(app, ab, 2)).toBeUndefined();
        expect(await store.get(app, ac, 1)).toBeUndefined();
        expect(await store.get(freshAppId(), ab, 1)).toBeUndefined();
      });
    });

    describe('findByRandom', () => {
      it('finds the message of this sender, recipient and random stored at or after `since`', async () => {
        const stored = await store.append(newMessage(app, { random: 7, time: T0 + 1000 }));
        expect(await store.findByRandom(app, 'alice', 'bob', 7, T0 + 1000)).toEqual(stored);
        expect(await store.findByRandom(app, 'alice', 'bob', 7, T0)).toEqual(stored);
        expect(await store.findByRandom(app, 'alice', 'bob', 7, T0 + 1001)).toBeUndefined();
      });

      it('ignores other senders, other recipients, other randoms and other apps', async () => {
        await store.append(newMessage(app, { random: 7 }));
        expect(await store.findByRandom(app, 'bob', 'bob', 7, 0)).toBeUndefined();
        expect(await store.findByRandom(app, 'alice', 'carol', 7, 0)).toBeUndefined();
        expect(await store.findByRandom(app, 'alice', 'bob', 8, 0)).toBeUndefined();
        expect(await store.findByRandom(freshAppId(), 'alice', 'bob', 7, 0)).toBeUndefined();
      });

      it('returns the newest when the sender reused the random to the same recipient', async () => {
        await store.append(newMessage(app, { random: 7, time: T0 }));
        const toCarol = await store.append(newMessage(app, { to: 'carol', random: 7, time: T0 + 5000 }));
        const newer = await store.append(newMessage(app, { random: 7, time: T0 + 2000 }));
        expect(await store.findByRandom(app, 'alice', 'bob', 7, 0)).toEqual(newer);
        expect(await store.findByRandom(app, 'alice', 'carol', 7, 0)).toEqual(toCarol);
      });
    });

    describe('listAfter / listBefore', () => {
      let stored: StoredMessage[];
      beforeEach(async () => {
        // seq 1..6 at T0, T0+1000, ... ; plus noise in another conversation and another app.
        stored = await appendMany(
          store,
          Array.from({ length: 6 }, (_, i) =>
            newMessage(app, i % 2 ? { from: 'bob', to: 'alice' } : { time: T0 + i * 1000 }),
          ),
        );
        await store.append(newMessage(app, { to: 'carol' }));
        await store.append(newMessage(freshAppId()));
      });

      it('listAfter returns seq > afterSeq ascending, at most `limit`', async () => {
        expect((await store.listAfter(app, ab, 0, 100, 0)).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await store.listAfter(app, ab, 2, 3, 0)).map((m) => m.seq)).toEqual([3, 4, 5]);
        expect(await store.listAfter(app, ab, 6, 10, 0)).toEqual([]);
        expect(await store.listAfter(app, ab, 0, 1, 0)).toEqual([stored[0]]);
      });

      it('listAfter leaves out messages older than notBefore, before applying the limit', async () => {
        // Messages with an even index were stored at T0 + i*1000; odd ones at T0.
        const rows = await store.listAfter(app, ab, 0, 2, T0 + 2000);
        expect(rows.map((m) => m.seq)).toEqual([3, 5]);
      });

      it('listBefore returns seq < beforeSeq newest first, all when beforeSeq is undefined', async () => {
        expect((await store.listBefore(app, ab, undefined, 100, 0)).map((m) => m.seq)).toEqual([
          6, 5, 4, 3, 2, 1,
        ]);
        expect((await store.listBefore(app, ab, 5, 2, 0)).map((m) => m.seq)).toEqual([4, 3]);
        expect(await store.listBefore(app, ab, 1, 10, 0)).toEqual([]);
        expect(await store.listBefore(app, ab, undefined, 1, 0)).toEqual([stored[5]]);
      });

      it('listBefore leaves out messages older than notBefore, before applying the limit', async () => {
        const rows = await store.listBefore(app, ab, undefined, 2, T0 + 2000);
        expect(rows.map((m) => m.seq)).toEqual([5, 3]);
      });

      it('lists nothing for an unknown conversation or app', async () => {
        expect(await store.listAfter(app, c2cConversationId('bob', 'carol'), 0, 10, 0)).toEqual([]);
        expect(await store.listBefore(freshAppId(), ab, undefined, 10, 0)).toEqual([]);
      });
    });

    describe('countFromAfter', () => {
      it("counts one sender's messages after a seq", async () => {
        const senders = ['alice', 'bob', 'bob', 'alice', 'bob'];
        await appendMany(
          store,
          senders.map((from) => newMessage(app, { from, to: from === 'alice' ? 'bob' : 'alice' })),
        );
        await store.append(newMessage(freshAppId(), { from: 'bob', to: 'alice' }));
        expect(await store.countFromAfter(app, ab, 'bob', 0)).toBe(3);
        expect(await store.countFromAfter(app, ab, 'bob', 2)).toBe(2);
        expect(await store.countFromAfter(app, ab, 'alice', 1)).toBe(1);
        expect(await store.countFromAfter(app, ab, 'bob', 5)).toBe(0);
        expect(await store.countFromAfter(app, ac, 'bob', 0)).toBe(0);
        expect(await store.countFromAfter(app, ab, 'bob', 0, 3)).toBe(2);
        expect(await store.countFromAfter(app, ab, 'bob', 2, 2)).toBe(0);
        expect(await store.countFromAfter(app, ab, 'alice', 0, 5)).toBe(2);
      });
    });

    describe('markRecalled', () => {
      it('turns the message into a tombstone: body emptied, cloudCustomData removed, recalledAt set', async () => {
        const original = await store.append(
          newMessage(app, { cloudCustomData: 'secret', random: 9, time: T0 }),
        );
        const neighbour = await store.append(newMessage(app));
        const recalled = await store.markRecalled(app, ab, 1, T0 + 60_000);
        const { cloudCustomData: _dropped, ...kept } = original;
        expect(recalled).toEqual({ ...kept, body: [], recalledAt: T0 + 60_000 });
        expect(recalled?.cloudCustomData).toBeUndefined();
        expect(await store.get(app, ab, 1)).toEqual(recalled);
        expect((await store.listAfter(app, ab, 0, 10, 0))[0]).toEqual(recalled);
        expect(await store.get(app, ab, 2)).toEqual(neighbour);
      });

      it('is idempotent: a second recall returns the tombstone and keeps the first recall time', async () => {
        await store.append(newMessage(app));
        const first = await store.markRecalled(app, ab, 1, T0 + 1000);
        const second = await store.markRecalled(app, ab, 1, T0 + 9000);
        expect(second).toEqual(first);
        expect(second?.recalledAt).toBe(T0 + 1000);
      });

      it('returns undefined for an absent message and changes nothing', async () => {
        const stored = await store.append(newMessage(app));
        expect(await store.markRecalled(app, ab, 2, T0)).toBeUndefined();
        expect(await store.markRecalled(freshAppId(), ab, 1, T0)).toBeUndefined();
        expect(await store.get(app, ab, 1)).toEqual(stored);
      });
    });

    describe('deleteOlderThan', () => {
      it("deletes exactly the app's messages stored before the cutoff and returns how many", async () => {
        const other = freshAppId();
        const times = [T0, T0 + 1000, T0 + 2000, T0 + 3000];
        await appendMany(
          store,
          times.map((time) => newMessage(app, { time })),
        );
        await store.append(newMessage(app, { to: 'carol', time: T0 + 500 }));
        await appendMany(
          store,
          times.map((time) => newMessage(other, { time })),
        );

        expect(await store.deleteOlderThan(app, T0 + 2000)).toBe(3);
        expect((await store.listAfter(app, ab, 0, 10, 0)).map((m) => m.seq)).toEqual([3, 4]);
        expect(await store.listAfter(app, ac, 0, 10, 0)).toEqual([]);
        expect(await store.listAfter(other, ab, 0, 10, 0)).toHaveLength(4);
        expect(await store.deleteOlderThan(app, T0 + 2000)).toBe(0);
      });
    });

    describe('deleteApp', () => {
      it('deletes every message of exactly one app and returns how many', async () => {
        const other = freshAppId();
        await appendMany(store, [
          newMessage(app, { random: 5 }),
          newMessage(app),
          newMessage(app, { to: 'carol' }),
        ]);
        const kept = await store.append(newMessage(other, { random: 5 }));

        expect(await store.deleteApp(app)).toBe(3);
        expect(await store.listAfter(app, ab, 0, 10, 0)).toEqual([]);
        expect(await store.listAfter(app, ac, 0, 10, 0)).toEqual([]);
        expect(await store.findByRandom(app, 'alice', 'bob', 5, 0)).toBeUndefined();
        expect(await store.get(other, ab, 1)).toEqual(kept);
        expect(await store.findByRandom(other, 'alice', 'bob', 5, 0)).toEqual(kept);
        expect(await store.deleteApp(app)).toBe(0);
      });
    });
  });
}
