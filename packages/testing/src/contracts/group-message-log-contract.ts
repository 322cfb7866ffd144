// Over 300 lines: one contract suite per port, as for every adapter.
import { type GroupMessageLog, type MessageStore, msgKeyOf, type NewMessage } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

/** What a GroupMessageLog adapter gives the contract for one test: the log and the store that reads its rows. */
export interface GroupMessageLogContext {
  log: GroupMessageLog;
  /** The message store over the same backend: group messages are read through it. */
  messages: MessageStore;
  /**
   * Opens another log on the same backend with its own connection and caches, as a second node would. The suite
   * uses it for cross-node concurrency.
   */
  reopen(): Promise<GroupMessageLog>;
  /** Closes what this context opened and removes what the test stored. */
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const G1 = 'group:@TGS#1AAAA';
const G2 = 'group:@TGS#2BBBB';

function groupMessage(sdkAppId: number, overrides: Partial<NewMessage> = {}): NewMessage {
  const conversationId = overrides.conversationId ?? G1;
  return {
    sdkAppId,
    conversationId,
    from: 'alice',
    to: conversationId.slice('group:'.length),
    random: Math.floor(Math.random() * 4_000_000_000),
    time: T0,
    body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello group' } }],
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

function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function ascending(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The behaviour every GroupMessageLog adapter promises (see packages/domain/src/ports/group-message-log.ts). */
export function describeGroupMessageLogContract(
  adapterName: string,
  factory: () => Promise<GroupMessageLogContext>,
): void {
  describe(`GroupMessageLog contract: ${adapterName}`, () => {
    let ctx: GroupMessageLogContext;
    let log: GroupMessageLog;
    let messages: MessageStore;
    let app: number;

    beforeEach(async () => {
      ctx = await factory();
      log = ctx.log;
      messages = ctx.messages;
      app = freshAppId();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    async function appendSeqs(conversationId: string, count: number): Promise<number[]> {
      const seqs: number[] = [];
      for (let i = 0; i < count; i++)
        seqs.push((await log.append(groupMessage(app, { conversationId }))).seq);
      return seqs;
    }

    describe('append', () => {
      it('stores one row with seq 1, 2, 3 per conversation, independently of other conversations', async () => {
        const input = groupMessage(app, { random: 7, time: T0 + 1500, cloudCustomData: 'cc' });
        const first = await log.append(input);
        expect(first).toEqual({ ...input, seq: 1, msgKey: msgKeyOf(1, 7, T0 + 1500) });
        expect(await messages.get(app, G1, 1)).toEqual(first);
        expect(await appendSeqs(G2, 2)).toEqual([1, 2]);
        expect(await appendSeqs(G1, 2)).toEqual([2, 3]);
        expect((await messages.listAfter(app, G1, 0, 10, 0)).map((m) => m.seq)).toEqual([1, 2, 3]);
      });

      it('keeps a Community topic (group:<groupId>@TOPIC#_<id>, up to 96 bytes) a sequence of its own', async () => {
        const community = 'group:@TGS#_community';
        const topic = `${community}@TOPIC#_${'t'.repeat(96 - '@TGS#_community@TOPIC#_'.length)}`;
        expect(await appendSeqs(community, 2)).toEqual([1, 2]);
        expect(await appendSeqs(topic, 3)).toEqual([1, 2, 3]);
        expect(await log.lastSeqs(app, [community, topic])).toEqual([2, 3]);
        expect((await messages.listAfter(app, topic, 1, 10, 0)).map((m) => m.seq)).toEqual([2, 3]);
        await log.deleteConversation(app, topic);
        expect(await log.lastSeqs(app, [community, topic])).toEqual([2, 0]);
      });

      it('gives seqs exactly 1..200 to 200 concurrent appends, each stored under its seq', {
        timeout: 120_000,
      }, async () => {
        const results = await allSettled(
          oneTo(200).map((i) => log.append(groupMessage(app, { random: i, time: T0 + i }))),
        );
        expect(ascending(results.map((m) => m.seq))).toEqual(oneTo(200));
        const listed = await messages.listAfter(app, G1, 0, 500, 0);
        const byRandom = new Map(results.map((m) => [m.random, m.seq]));
        expect(listed.map((m) => m.seq)).toEqual(oneTo(200));
        for (const message of listed) expect(byRandom.get(message.random)).toBe(message.seq);
      });

      it('gives seqs exactly 1..200 to 200 concurrent appends from two logs (two nodes)', {
        timeout: 120_000,
      }, async () => {
        const second = await ctx.reopen();
        const results = await allSettled(
          oneTo(200).map((i) =>
            (i % 2 === 0 ? log : second).append(groupMessage(app, { random: i, time: T0 + i })),
          ),
        );
        expect(ascending(results.map((m) => m.seq))).toEqual(oneTo(200));
        const listed = await messages.listAfter(app, G1, 0, 500, 0);
        expect(listed.map((m) => m.seq)).toEqual(oneTo(200));
        const byRandom = new Map(results.map((m) => [m.random, m.seq]));
        for (const message of listed) expect(byRandom.get(message.random)).toBe(message.seq);
      });

      it('never reuses a seq after retention deleted every message of the group', async () => {
        await appendSeqs(G1, 3);
        expect(await messages.deleteOlderThan(app, T0 + 1)).toBe(3);
        const second = await ctx.reopen();
        expect((await second.append(groupMessage(app, { time: T0 + 10 }))).seq).toBe(4);
        expect((await log.append(groupMessage(app, { time: T0 + 11 }))).seq).toBe(5);
        expect(await log.lastSeqs(app, [G1])).toEqual([5]);
      });
    });

    describe('mentions', () => {
      it('round-trip through append and every MessageStore read', async () => {
        const mentioned = await log.append(
          groupMessage(app, { random: 11, mentions: ['bob', '@all'], time: T0 + 1 }),
        );
        const plain = await log.append(groupMessage(app, { random: 12, time: T0 + 2 }));
        expect(mentioned.mentions).toEqual(['bob', '@all']);
        expect(await messages.get(app, G1, 1)).toEqual(mentioned);
        expect(await messages.listAfter(app, G1, 0, 10, 0)).toEqual([mentioned, plain]);
        expect(await messages.listBefore(app, G1, undefined, 10, 0)).toEqual([plain, mentioned]);
        expect(await messages.findByRandom(app, 'alice', mentioned.to, 11, 0)).toEqual(mentioned);
        // A message without mentions reads back without the field at all.
        expect('mentions' in ((await messages.get(app, G1, 2)) ?? {})).toBe(false);
      });

      it('an empty list round-trips as an empty list', async () => {
        const stored = await log.append(groupMessage(app, { mentions: [] }));
        expect((await messages.get(app, G1, stored.seq))?.mentions).toEqual([]);
      });
    });

    describe('allocateSeq', () => {
      it('takes seqs without storing a message; the next append continues after them', async () => {
        expect(await log.allocateSeq(app, G1)).toBe(1);
        expect(await log.allocateSeq(app, G1)).toBe(2);
        expect((await log.append(groupMessage(app))).seq).toBe(3);
        expect(await log.allocateSeq(app, G2)).toBe(1);
        expect(await messages.get(app, G1, 1)).toBeUndefined();
        expect((await messages.listAfter(app, G1, 0, 10, 0)).map((m) => m.seq)).toEqual([3]);
        expect((await messages.listBefore(app, G1, undefined, 10, 0)).map((m) => m.seq)).toEqual([3]);
        expect(await log.lastSeqs(app, [G1, G2])).toEqual([3, 1]);
      });

      it('interleaved with appends on two nodes, gives seqs exactly 1..120 with no gap or duplicate', {
        timeout: 120_000,
      }, async () => {
        const second = await ctx.reopen();
        const calls = oneTo(120).map(async (i) => {
          const node = i % 2 === 0 ? log : second;
          if (i % 3 === 0) return { seq: await node.allocateSeq(app, G1), stored: false };
          return { seq: (await node.append(groupMessage(app, { random: i }))).seq, stored: true };
        });
        const results = await allSettled(calls);
        expect(ascending(results.map((r) => r.seq))).toEqual(oneTo(120));
        const storedSeqs = ascending(results.filter((r) => r.stored).map((r) => r.seq));
        expect((await messages.listAfter(app, G1, 0, 500, 0)).map((m) => m.seq)).toEqual(storedSeqs);
        expect(await log.lastSeqs(app, [G1])).toEqual([120]);
      });
    });

    describe('lastSeqs', () => {
      it('answers in the order asked, 0 for a conversation with no seq, per app', async () => {
        await appendSeqs(G1, 3);
        await log.allocateSeq(app, G2);
        expect(await log.lastSeqs(app, [G2, 'group:unknown', G1])).toEqual([1, 0, 3]);
        expect(await log.lastSeqs(app, [])).toEqual([]);
        expect(await log.lastSeqs(freshAppId(), [G1, G2])).toEqual([0, 0]);
      });
    });

    describe('recall', () => {
      it('turns the message into a tombstone: body, cloud data and mentions emptied, recalledAt set', async () => {
        const original = await log.append(groupMessage(app, { cloudCustomData: 'cc', mentions: ['bob'] }));
        const neighbour = await log.append(groupMessage(app));
        const tombstone = await log.recall(app, G1, 1, T0 + 5000);
        const { cloudCustomData: _data, mentions: _mentions, ...kept } = original;
        expect(tombstone).toEqual({ ...kept, body: [], recalledAt: T0 + 5000 });
        expect(await messages.get(app, G1, 1)).toEqual(tombstone);
        expect(await messages.get(app, G1, 2)).toEqual(neighbour);
      });

      it('keeps the first recall time when repeated', async () => {
        await log.append(groupMessage(app));
        await log.recall(app, G1, 1, T0 + 5000);
        expect(await log.recall(app, G1, 1, T0 + 9000)).toMatchObject({ recalledAt: T0 + 5000 });
      });

      it('returns undefined for an unknown seq, a seq allocated without a message, or another app', async () => {
        await log.append(groupMessage(app));
        await log.allocateSeq(app, G1);
        expect(await log.recall(app, G1, 2, T0)).toBeUndefined();
        expect(await log.recall(app, G1, 99, T0)).toBeUndefined();
        expect(await log.recall(freshAppId(), G1, 1, T0)).toBeUndefined();
        expect(await messages.get(app, G1, 2)).toBeUndefined();
      });
    });

    describe('countUnread', () => {
      it("counts the messages after afterSeq that others sent, not the user's own", async () => {
        for (const from of ['alice', 'bob', 'alice', 'carol', 'bob'])
          await log.append(groupMessage(app, { from }));
        await log.allocateSeq(app, G1); // no message: nothing to read
        expect(await log.countUnread(app, G1, 'alice', 0, 100)).toBe(3);
        expect(await log.countUnread(app, G1, 'alice', 3, 100)).toBe(2);
        expect(await log.countUnread(app, G1, 'bob', 0, 100)).toBe(3);
        expect(await log.countUnread(app, G1, 'dave', 5, 100)).toBe(0);
        expect(await log.countUnread(app, G2, 'dave', 0, 100)).toBe(0);
        expect(await log.countUnread(freshAppId(), G1, 'dave', 0, 100)).toBe(0);
      });

      it('stops counting at the cap', async () => {
        for (let i = 0; i < 7; i++) await log.append(groupMessage(app, { from: 'bob' }));
        expect(await log.countUnread(app, G1, 'alice', 0, 5)).toBe(5);
        expect(await log.countUnread(app, G1, 'alice', 0, 7)).toBe(7);
        expect(await log.countUnread(app, G1, 'alice', 4, 5)).toBe(3);
      });
    });

    describe('deleteConversation', () => {
      it("deletes the group's messages and its seq, and nothing of other groups or apps", async () => {
        const other = freshAppId();
        await appendSeqs(G1, 3);
        await appendSeqs(G2, 2);
        const kept = await log.append(groupMessage(other));
        await log.deleteConversation(app, G1);
        expect(await messages.listAfter(app, G1, 0, 10, 0)).toEqual([]);
        expect(await log.lastSeqs(app, [G1, G2])).toEqual([0, 2]);
        expect((await messages.listAfter(app, G2, 0, 10, 0)).map((m) => m.seq)).toEqual([1, 2]);
        expect(await messages.get(other, G1, 1)).toEqual(kept);
        // A group created again under the same ID starts a new sequence.
        expect((await log.append(groupMessage(app))).seq).toBe(1);
      });

      it('forgets seqs allocated without a message too', async () => {
        await log.allocateSeq(app, G1);
        await log.allocateSeq(app, G1);
        await log.deleteConversation(app, G1);
        expect(await log.lastSeqs(app, [G1])).toEqual([0]);
        expect(await log.allocateSeq(app, G1)).toBe(1);
      });
    });
  });
}
