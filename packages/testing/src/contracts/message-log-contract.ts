import type {
  ConversationStore,
  MessageLog,
  MessageRowWrites,
  MessageStore,
  NewMessage,
} from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

/** What a MessageLog adapter gives the contract for one test: the log and the stores it writes, on one backend. */
export interface MessageLogContext {
  log: MessageLog;
  /** The message store the log writes to, with its row writes (to stage a crash between the log's two writes). */
  messages: MessageStore & MessageRowWrites;
  conversations: ConversationStore;
  /** Closes what this context opened and removes what the test stored. */
  cleanup(): Promise<void>;
  /**
   * Set, with the reason, where the backend does not apply one entry's conditional updates atomically when they run
   * concurrently: the summaries after concurrent appends are then not checked (the seqs still are).
   */
  concurrentWritesUnsupported?: string;
}

const T0 = 1_700_000_000_000;
const ab = c2cConversationId('alice', 'bob');

function newMessage(sdkAppId: number, n: number, from = 'alice', to = 'bob'): NewMessage {
  return {
    sdkAppId,
    conversationId: c2cConversationId(from, to),
    from,
    to,
    random: 1000 + n,
    time: T0 + n * 1000,
    body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `message ${n}` } }],
  };
}

/** The behaviour every MessageLog adapter promises (see packages/domain/src/ports/message-log.ts). */
export function describeMessageLogContract(
  adapterName: string,
  factory: () => Promise<MessageLogContext>,
): void {
  describe(`MessageLog contract: ${adapterName}`, () => {
    let ctx: MessageLogContext;
    let app: number;

    beforeEach(async () => {
      ctx = await factory();
      app = freshAppId();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it("append stores the message and records it in both participants' entries in one call", async () => {
      const stored = await ctx.log.append(newMessage(app, 1));
      expect(stored).toMatchObject({ seq: 1, conversationId: ab, from: 'alice', to: 'bob' });
      expect(await ctx.messages.get(app, ab, 1)).toEqual(stored);
      expect(await ctx.conversations.get(app, 'alice', ab)).toMatchObject({
        peer: 'bob',
        lastSeq: 1,
        unread: 0,
        lastMessage: stored,
      });
      expect(await ctx.conversations.get(app, 'bob', ab)).toMatchObject({
        peer: 'alice',
        lastSeq: 1,
        unread: 1,
        lastMessage: stored,
      });
    });

    const appendConcurrently = () =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          ctx.log.append(i % 3 === 0 ? newMessage(app, i + 1, 'bob', 'alice') : newMessage(app, i + 1)),
        ),
      );

    it('concurrent appends from both participants give gap-free seqs', async () => {
      const sent = await appendConcurrently();
      expect(sent.map((m) => m.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    });

    it('concurrent appends from both participants give exact summaries', async ({ skip }) => {
      skip(ctx.concurrentWritesUnsupported !== undefined, ctx.concurrentWritesUnsupported);
      const sent = await appendConcurrently();
      const last = sent.find((m) => m.seq === 12);
      const alice = await ctx.conversations.get(app, 'alice', ab);
      const bob = await ctx.conversations.get(app, 'bob', ab);
      expect(alice).toMatchObject({ lastSeq: 12, unread: 4, lastMessage: last });
      expect(bob).toMatchObject({ lastSeq: 12, unread: 8, lastMessage: last });
    });

    it('repair records a message whose entries were never written, and is a no-op the second time', async () => {
      await ctx.log.append(newMessage(app, 1));
      // A node that died between the message insert and the entry updates (possible where the two are not atomic).
      const orphan = await ctx.messages.append(newMessage(app, 2));
      expect((await ctx.conversations.get(app, 'bob', ab))?.lastSeq).toBe(1);
      await ctx.log.repair(orphan);
      await ctx.log.repair(orphan);
      expect(await ctx.conversations.get(app, 'bob', ab)).toMatchObject({
        lastSeq: 2,
        unread: 2,
        lastMessage: orphan,
      });
      expect(await ctx.conversations.get(app, 'alice', ab)).toMatchObject({ lastSeq: 2, unread: 0 });
    });

    it('repair of a message the entries already saw changes nothing', async () => {
      const first = await ctx.log.append(newMessage(app, 1));
      await ctx.log.append(newMessage(app, 2));
      await ctx.log.repair(first);
      expect(await ctx.conversations.get(app, 'bob', ab)).toMatchObject({ lastSeq: 2, unread: 2 });
    });

    it('recall turns the message into a tombstone and the entries show it when it was the last one', async () => {
      await ctx.log.append(newMessage(app, 1));
      const second = await ctx.log.append(newMessage(app, 2));
      const tombstone = await ctx.log.recall(app, ab, second.seq, T0 + 5000);
      expect(tombstone).toMatchObject({ seq: 2, body: [], recalledAt: T0 + 5000 });
      expect(await ctx.messages.get(app, ab, 2)).toEqual(tombstone);
      for (const owner of ['alice', 'bob']) {
        expect((await ctx.conversations.get(app, owner, ab))?.lastMessage).toEqual(tombstone);
      }
    });

    it('recall of an older message leaves the entries alone; of a missing one returns undefined', async () => {
      const first = await ctx.log.append(newMessage(app, 1));
      const second = await ctx.log.append(newMessage(app, 2));
      await ctx.log.recall(app, ab, first.seq, T0 + 5000);
      expect((await ctx.conversations.get(app, 'bob', ab))?.lastMessage).toEqual(second);
      expect(await ctx.log.recall(app, ab, 99, T0 + 5000)).toBeUndefined();
    });

    it('a repeated recall keeps the first recall time', async () => {
      const stored = await ctx.log.append(newMessage(app, 1));
      await ctx.log.recall(app, ab, stored.seq, T0 + 5000);
      expect(await ctx.log.recall(app, ab, stored.seq, T0 + 9000)).toMatchObject({ recalledAt: T0 + 5000 });
    });
  });
}
