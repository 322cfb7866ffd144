// Over 300 lines: one contract suite per port, as for every adapter.
import {
  type ConversationEntryWrites,
  type ConversationStore,
  msgKeyOf,
  type StoredMessage,
} from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

/** A conversation store with the entry writes its MessageLog is built from (the suite records through them). */
type WritableConversationStore = ConversationStore & ConversationEntryWrites;

/** What a ConversationStore adapter gives the contract for one test. */
export interface ConversationStoreContext {
  /** A store on an isolated backend (the suite also uses fresh sdkAppIds in every test). */
  store: WritableConversationStore;
  /** Opens another store on the same backend with its own connection and caches (a second node). */
  reopen(): Promise<WritableConversationStore>;
  /** Closes every store this context opened and removes what the test stored. */
  cleanup(): Promise<void>;
  /**
   * Set, with the reason, where the backend does not apply one entry's conditional updates atomically when they run
   * concurrently: the concurrent cases are then skipped with that reason.
   */
  concurrentWritesUnsupported?: string;
}

const T0 = 1_700_000_000_000;

const ab = c2cConversationId('alice', 'bob');
const ac = c2cConversationId('alice', 'carol');

/** A message as MessageStore.append would have returned it; `time` defaults to T0 + seq seconds. */
function stored(sdkAppId: number, seq: number, overrides: Partial<StoredMessage> = {}): StoredMessage {
  const from = overrides.from ?? 'alice';
  const to = overrides.to ?? 'bob';
  const random = overrides.random ?? seq * 11;
  const time = overrides.time ?? T0 + seq * 1000;
  return {
    sdkAppId,
    conversationId: c2cConversationId(from, to),
    seq,
    msgKey: msgKeyOf(seq, random, time),
    from,
    to,
    random,
    time,
    body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `message ${seq}` } }],
    cloudCustomData: `cc ${seq}`,
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

/** A deterministic pseudo-random sequence in [0, 1) (a failure replays with the same app ID's seed). */
function seededRandom(seed: number): () => number {
  let state = seed % 2_147_483_647 || 1;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return (state - 1) / 2_147_483_646;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function recalledOf(message: StoredMessage, at: number): StoredMessage {
  const { cloudCustomData: _dropped, ...rest } = message;
  return { ...rest, body: [], recalledAt: at };
}

/** The behaviour every ConversationStore adapter promises (see packages/domain/src/ports/conversation-store.ts). */
export function describeConversationStoreContract(
  adapterName: string,
  factory: () => Promise<ConversationStoreContext>,
): void {
  describe(`ConversationStore contract: ${adapterName}`, () => {
    let ctx: ConversationStoreContext;
    let store: WritableConversationStore;
    let app: number;

    beforeEach(async () => {
      ctx = await factory();
      store = ctx.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    describe('recordMessage', () => {
      it("creates both participants' entries; only the recipient's unread grows", async () => {
        const message = stored(app, 1);
        await store.recordMessage(message);
        const common = {
          sdkAppId: app,
          conversationId: ab,
          lastSeq: 1,
          readSeq: 0,
          lastMessage: message,
          updatedAt: message.time,
        };
        expect(await store.get(app, 'alice', ab)).toEqual({
          ...common,
          owner: 'alice',
          peer: 'bob',
          unread: 0,
        });
        expect(await store.get(app, 'bob', ab)).toEqual({
          ...common,
          owner: 'bob',
          peer: 'alice',
          unread: 1,
        });
      });

      it('moves lastSeq, lastMessage and updatedAt forward and counts unread per recipient', async () => {
        await store.recordMessage(stored(app, 1));
        await store.recordMessage(stored(app, 2));
        const reply = stored(app, 3, { from: 'bob', to: 'alice' });
        await store.recordMessage(reply);
        const alice = await store.get(app, 'alice', ab);
        const bob = await store.get(app, 'bob', ab);
        expect(alice).toMatchObject({
          lastSeq: 3,
          lastMessage: reply,
          updatedAt: reply.time,
          unread: 1,
          peer: 'bob',
        });
        expect(bob).toMatchObject({
          lastSeq: 3,
          lastMessage: reply,
          updatedAt: reply.time,
          unread: 2,
          peer: 'alice',
        });
      });

      it('is idempotent: recording the same message again changes nothing', async () => {
        const message = stored(app, 1);
        await store.recordMessage(message);
        const before = await store.get(app, 'bob', ab);
        await store.recordMessage(message);
        await store.recordMessage(message);
        expect(await store.get(app, 'bob', ab)).toEqual(before);
        expect((await store.get(app, 'alice', ab))?.unread).toBe(0);
      });

      it('counts an older message recorded after a newer one, without moving lastSeq or lastMessage back', async () => {
        const newer = stored(app, 5);
        await store.recordMessage(newer);
        await store.recordMessage(stored(app, 4));
        await store.recordMessage(stored(app, 2, { from: 'bob', to: 'alice' }));
        for (const owner of ['alice', 'bob']) {
          expect(await store.get(app, owner, ab)).toMatchObject({
            lastSeq: 5,
            lastMessage: newer,
            updatedAt: newer.time,
          });
        }
        expect((await store.get(app, 'bob', ab))?.unread).toBe(2);
        expect((await store.get(app, 'alice', ab))?.unread).toBe(1);
      });

      it('counts each seq once: replays of older and newer messages in any order change nothing', async () => {
        for (const seq of [3, 1, 3, 2, 1, 3, 2]) await store.recordMessage(stored(app, seq));
        expect(await store.get(app, 'bob', ab)).toMatchObject({
          lastSeq: 3,
          unread: 3,
          lastMessage: stored(app, 3),
        });
        expect((await store.get(app, 'alice', ab))?.unread).toBe(0);
        const reopened = await ctx.reopen();
        for (const seq of [2, 1, 3]) await reopened.recordMessage(stored(app, seq));
        expect((await store.get(app, 'bob', ab))?.unread).toBe(3);
      });

      it('does not count an older message the recipient has already read past', async () => {
        await store.recordMessage(stored(app, 1));
        await store.recordMessage(stored(app, 4));
        await store.markRead(app, 'bob', ab, 4, 0);
        await store.recordMessage(stored(app, 3));
        expect(await store.get(app, 'bob', ab)).toMatchObject({ lastSeq: 4, readSeq: 4, unread: 0 });
        await store.recordMessage(stored(app, 5));
        await store.recordMessage(stored(app, 2));
        expect(await store.get(app, 'bob', ab)).toMatchObject({ lastSeq: 5, unread: 1 });
      });

      it('gives exact summaries when several writers record the same messages concurrently in shuffled orders', {
        timeout: 120_000,
      }, async ({ skip }) => {
        skip(ctx.concurrentWritesUnsupported !== undefined, ctx.concurrentWritesUnsupported);
        // Three "nodes", each recording every message of three conversations once, each in its own order.
        const writers = [store, await ctx.reopen(), await ctx.reopen()];
        const peers = ['bob', 'carol', 'dave'];
        const messages = peers.flatMap((peer, p) =>
          Array.from({ length: 24 }, (_, i) => {
            const seq = i + 1;
            const fromPeer = (seq * (p + 2)) % 3 === 0;
            return stored(app, seq, fromPeer ? { from: peer, to: 'alice' } : { from: 'alice', to: peer });
          }),
        );
        const random = seededRandom(app);
        await allSettled(
          writers.map(async (writer) => {
            const order = shuffled(messages, random);
            await allSettled(order.map((message) => writer.recordMessage(message)));
          }),
        );
        for (const peer of peers) {
          const id = c2cConversationId('alice', peer);
          const sent = messages.filter((message) => message.conversationId === id);
          const last = sent.at(-1);
          const toAlice = sent.filter((message) => message.to === 'alice').length;
          const summary = { lastSeq: 24, readSeq: 0, lastMessage: last, updatedAt: last?.time };
          expect(await store.get(app, 'alice', id)).toMatchObject({ ...summary, peer, unread: toAlice });
          expect(await store.get(app, peer, id)).toMatchObject({
            ...summary,
            peer: 'alice',
            unread: sent.length - toAlice,
          });
        }
      });

      it('loses no update when records, reads and recalls of one entry run concurrently', {
        timeout: 60_000,
      }, async ({ skip }) => {
        skip(ctx.concurrentWritesUnsupported !== undefined, ctx.concurrentWritesUnsupported);
        // Concurrent calls on one store (one node); the case above has several.
        const messages = Array.from({ length: 40 }, (_, i) => stored(app, i + 1));
        const order = [...messages].sort((a, b) => ((a.seq * 7919) % 41) - ((b.seq * 7919) % 41));
        await store.recordMessage(stored(app, 1)); // the entries exist before the reads (replayed below)
        const calls: Promise<unknown>[] = order.map((message) => store.recordMessage(message));
        for (const readSeq of [3, 9, 1, 12, 7]) calls.push(store.markRead(app, 'bob', ab, readSeq, 0));
        calls.push(store.recordRecall(recalledOf(messages[20] ?? stored(app, 21), T0 + 99_000)));
        await allSettled(calls);
        for (const owner of ['alice', 'bob']) {
          expect(await store.get(app, owner, ab)).toMatchObject({ lastSeq: 40, lastMessage: messages[39] });
        }
        expect((await store.get(app, 'bob', ab))?.readSeq).toBe(12);
      });

      it('is durable: another store on the same backend sees the entries', async () => {
        await store.recordMessage(stored(app, 1));
        const reopened = await ctx.reopen();
        expect(await reopened.get(app, 'bob', ab)).toEqual(await store.get(app, 'bob', ab));
      });
    });

    describe('recordRecall', () => {
      it("replaces both entries' lastMessage when it is the recalled message, keeping lastSeq and updatedAt", async () => {
        const message = stored(app, 1);
        await store.recordMessage(message);
        const tombstone = recalledOf(message, T0 + 99_000);
        await store.recordRecall(tombstone);
        for (const owner of ['alice', 'bob']) {
          expect(await store.get(app, owner, ab)).toMatchObject({ lastSeq: 1, updatedAt: message.time });
          expect((await store.get(app, owner, ab))?.lastMessage).toEqual(tombstone);
        }
      });

      it('leaves lastMessage alone when a newer message followed, and creates no entries', async () => {
        const first = stored(app, 1);
        const second = stored(app, 2);
        await store.recordMessage(first);
        await store.recordMessage(second);
        await store.recordRecall(recalledOf(first, T0 + 99_000));
        expect((await store.get(app, 'bob', ab))?.lastMessage).toEqual(second);
        await store.recordRecall(recalledOf(stored(app, 1, { to: 'carol' }), T0 + 99_000));
        expect(await store.get(app, 'alice', ac)).toBeUndefined();
        expect(await store.get(app, 'carol', ac)).toBeUndefined();
      });
    });

    describe('markRead', () => {
      beforeEach(async () => {
        for (let seq = 1; seq <= 6; seq += 1) await store.recordMessage(stored(app, seq));
      });

      it("sets the owner's readSeq and unread and returns the entry", async () => {
        const updated = await store.markRead(app, 'bob', ab, 4, 2);
        expect(updated).toMatchObject({
          owner: 'bob',
          conversationId: ab,
          readSeq: 4,
          unread: 2,
          lastSeq: 6,
        });
        expect(await store.get(app, 'bob', ab)).toEqual(updated);
        expect(await store.get(app, 'alice', ab)).toMatchObject({ readSeq: 0, unread: 0 });
      });

      it('never moves readSeq backwards: an older read changes nothing and returns the current entry', async () => {
        await store.markRead(app, 'bob', ab, 5, 1);
        const stale = await store.markRead(app, 'bob', ab, 3, 3);
        expect(stale).toMatchObject({ readSeq: 5, unread: 1 });
        expect(await store.get(app, 'bob', ab)).toMatchObject({ readSeq: 5, unread: 1 });
        expect(await store.markRead(app, 'bob', ab, 6, 0)).toMatchObject({ readSeq: 6, unread: 0 });
      });

      it('with asOfLastSeq, changes nothing once a newer message was recorded (the count is stale)', async () => {
        await store.recordMessage(stored(app, 7));
        const stale = await store.markRead(app, 'bob', ab, 4, 2, 6);
        expect(stale).toMatchObject({ readSeq: 0, unread: 7, lastSeq: 7 });
        expect(await store.get(app, 'bob', ab)).toEqual(stale);
        expect(await store.markRead(app, 'bob', ab, 4, 3, 7)).toMatchObject({
          readSeq: 4,
          unread: 3,
          lastSeq: 7,
        });
      });

      it('with asOfLastSeq, takes every seq up to it as counted: a late record of one changes unread no more', async () => {
        await store.recordMessage(stored(app, 9)); // 7 and 8 not recorded yet
        expect(await store.markRead(app, 'bob', ab, 5, 4, 9)).toMatchObject({ readSeq: 5, unread: 4 });
        await store.recordMessage(stored(app, 8));
        await store.recordMessage(stored(app, 7));
        await store.recordMessage(stored(app, 10));
        expect(await store.get(app, 'bob', ab)).toMatchObject({ lastSeq: 10, readSeq: 5, unread: 5 });
      });

      it('returns undefined for a missing entry and does not create one', async () => {
        expect(await store.markRead(app, 'carol', ac, 1, 0)).toBeUndefined();
        expect(await store.get(app, 'carol', ac)).toBeUndefined();
        expect(await store.markRead(freshAppId(), 'bob', ab, 1, 0)).toBeUndefined();
      });

      it('does not change updatedAt (reading does not reorder the list)', async () => {
        const before = await store.get(app, 'bob', ab);
        await store.markRead(app, 'bob', ab, 6, 0);
        expect((await store.get(app, 'bob', ab))?.updatedAt).toBe(before?.updatedAt);
      });
    });

    describe('get / list', () => {
      it('returns undefined for an unknown entry', async () => {
        await store.recordMessage(stored(app, 1));
        expect(await store.get(app, 'carol', ab)).toBeUndefined();
        expect(await store.get(app, 'alice', ac)).toBeUndefined();
        expect(await store.get(freshAppId(), 'alice', ab)).toBeUndefined();
      });

      it("lists the owner's entries most recently updated first, at most `limit`", async () => {
        const peers = ['bob', 'carol', 'dave', 'erin'];
        const times = [T0 + 3000, T0 + 9000, T0 + 1000, T0 + 5000];
        for (const [i, peer] of peers.entries()) {
          await store.recordMessage(stored(app, 1, { to: peer, time: times[i] ?? T0 }));
        }
        await store.recordMessage(stored(app, 1, { from: 'bob', to: 'carol', time: T0 + 20_000 }));
        await store.recordMessage(stored(freshAppId(), 1, { to: 'zoe', time: T0 + 30_000 }));

        const all = await store.list(app, 'alice', 10);
        expect(all.map((entry) => entry.peer)).toEqual(['carol', 'erin', 'bob', 'dave']);
        expect(all.every((entry) => entry.owner === 'alice' && entry.sdkAppId === app)).toBe(true);
        expect((await store.list(app, 'alice', 2)).map((entry) => entry.peer)).toEqual(['carol', 'erin']);
        expect((await store.list(app, 'bob', 10)).map((entry) => entry.peer)).toEqual(['carol', 'alice']);
        expect(await store.list(app, 'zoe', 10)).toEqual([]);
      });

      it('moves a conversation to the top when a newer message is recorded', async () => {
        await store.recordMessage(stored(app, 1, { to: 'bob', time: T0 + 1000 }));
        await store.recordMessage(stored(app, 1, { to: 'carol', time: T0 + 2000 }));
        await store.recordMessage(stored(app, 2, { to: 'bob', time: T0 + 3000 }));
        expect((await store.list(app, 'alice', 10)).map((entry) => entry.peer)).toEqual(['bob', 'carol']);
      });
    });

    describe('delete', () => {
      it("deletes the owner's entry only; the peer's stays; false when there is none", async () => {
        await store.recordMessage(stored(app, 1));
        await store.recordMessage(stored(app, 1, { to: 'carol' }));

        expect(await store.delete(app, 'bob', ab)).toBe(true);
        expect(await store.get(app, 'bob', ab)).toBeUndefined();
        expect(await store.list(app, 'bob', 10)).toEqual([]);
        expect(await store.get(app, 'alice', ab)).toMatchObject({ lastSeq: 1 });
        expect((await store.list(app, 'alice', 10)).map((entry) => entry.peer).sort()).toEqual([
          'bob',
          'carol',
        ]);
        expect(await store.delete(app, 'bob', ab)).toBe(false);
        expect(await store.delete(freshAppId(), 'alice', ac)).toBe(false);
        expect(await store.get(app, 'alice', ac)).toMatchObject({ lastSeq: 1 });
      });

      it('a message recorded after the delete creates the entry anew, counting only itself unread', async () => {
        await store.recordMessage(stored(app, 1));
        await store.recordMessage(stored(app, 2));
        expect(await store.delete(app, 'bob', ab)).toBe(true);

        await store.recordMessage(stored(app, 3));
        expect(await store.get(app, 'bob', ab)).toMatchObject({
          peer: 'alice',
          lastSeq: 3,
          readSeq: 0,
          unread: 1,
          lastMessage: { seq: 3 },
        });
        expect(await store.get(app, 'alice', ab)).toMatchObject({ lastSeq: 3, unread: 0 });
      });
    });

    describe('deleteApp', () => {
      it('deletes the entries of exactly one app and returns how many', async () => {
        const other = freshAppId();
        await store.recordMessage(stored(app, 1));
        await store.recordMessage(stored(app, 1, { to: 'carol' }));
        await store.recordMessage(stored(other, 1));

        expect(await store.deleteApp(app)).toBe(4);
        expect(await store.list(app, 'alice', 10)).toEqual([]);
        expect(await store.get(app, 'bob', ab)).toBeUndefined();
        expect(await store.get(other, 'bob', ab)).toMatchObject({ lastSeq: 1, unread: 1 });
        expect(await store.deleteApp(app)).toBe(0);
      });
    });
  });
}
