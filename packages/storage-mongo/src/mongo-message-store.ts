// Over 300 lines: one MessageStore adapter; its seq insertion and seq marks are already in files of their own.
import {
  type MessageRowWrites,
  type MessageStore,
  msgKeyOf,
  type NewMessage,
  type StoredMessage,
} from '@parley/domain';
import type { Collection, Db } from 'mongodb';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
import {
  type ConversationDocument,
  collections,
  type MessageDocument,
  type MessageSeqDocument,
  messagesOnly,
  toMessageDocument,
  toStoredMessage,
} from './mongo-documents.ts';
import { SeqHints } from './seq-hints.ts';
import { insertAtNextSeq } from './seq-insert.ts';
import { raiseSeqMark } from './seq-marks.ts';
import { mongoCall } from './storage-errors.ts';

export interface MongoMessageStoreDeps {
  db: Db;
  /** Whether the server keeps the TTL index of history expiry (what `ensureMongoIndexes` returned). */
  historyTtl?: boolean;
  /** How long one append may keep losing seq races to other nodes before STORAGE_UNAVAILABLE (default 15 s). */
  seqDeadlineMs?: number;
}

/**
 * Default for `seqDeadlineMs`. Losing is only possible while other nodes append to the same conversation, and
 * the node that last won is first in line for the next seq, so under a burst one append may wait for another
 * node's backlog: the bound is generous (FerretDB in tests is 10-100x slower than MongoDB).
 */
const SEQ_DEADLINE_MS = 15_000;
const HINT_ENTRIES = 100_000;

const withoutId = { projection: { _id: 0 } } as const;

/**
 * Messages in MongoDB (or FerretDB, which has no transactions). Seq allocation: insert with seq = last + 1; the
 * unique index (sdkAppId, conversationId, seq) rejects a seq another node took first (E11000), and the append
 * moves on to the next one. A seq is taken only by a successful insert, so there are never gaps.
 */
export function createMongoMessageStore({
  db,
  seqDeadlineMs,
  historyTtl,
}: MongoMessageStoreDeps): MongoMessageStore {
  return new MongoMessageStoreImpl(db, seqDeadlineMs ?? SEQ_DEADLINE_MS, historyTtl ?? false);
}

/** The MongoDB message store, with the row writes its MessageLog is built from. */
export type MongoMessageStore = MessageStore & MessageRowWrites;

class MongoMessageStoreImpl implements MongoMessageStore {
  readonly #messages: Collection<MessageDocument>;
  readonly #seqs: Collection<MessageSeqDocument>;
  readonly #queue = new KeyedSerialQueue();
  readonly #hints = new SeqHints(HINT_ENTRIES);
  readonly #seqDeadlineMs: number;
  readonly #conversations: Collection<ConversationDocument>;
  readonly #historyTtl: boolean;

  constructor(db: Db, seqDeadlineMs: number, historyTtl: boolean) {
    this.#seqDeadlineMs = seqDeadlineMs;
    this.#historyTtl = historyTtl;
    this.#messages = db.collection<MessageDocument>(collections.messages);
    this.#seqs = db.collection<MessageSeqDocument>(collections.messageSeqs);
    this.#conversations = db.collection<ConversationDocument>(collections.conversations);
  }

  append(message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage> {
    const key = hintKey(message.sdkAppId, message.conversationId);
    // One insert in flight per conversation on this node: local appends never collide with each other.
    return this.#queue.run(key, () => mongoCall(() => this.#insertNext(key, message, expiry)));
  }

  /** Re-stamps the app's messages with the new period (pipeline update: only where the TTL index exists). */
  applyRetention(sdkAppId: number, retentionMs: number): Promise<void> {
    if (!this.#historyTtl) return Promise.resolve();
    return mongoCall(async () => {
      await this.#messages.updateMany({ sdkAppId }, [
        { $set: { expireAt: { $toDate: { $add: ['$time', retentionMs] } } } },
      ]);
    });
  }

  async #insertNext(key: string, message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage> {
    const { sdkAppId, conversationId } = message;
    const deadline = Date.now() + this.#seqDeadlineMs;
    try {
      const readLastSeq = () => this.#readLastSeq(sdkAppId, conversationId);
      const document = await insertAtNextSeq({
        collection: this.#messages,
        last: this.#hints.get(key) ?? (await readLastSeq()),
        readLastSeq,
        build: (seq) => {
          const built = toMessageDocument({
            ...message,
            seq,
            msgKey: msgKeyOf(seq, message.random, message.time),
          });
          if (expiry) built.expireAt = new Date(expiry.expireAt);
          return built;
        },
        deadline,
      });
      this.#hints.set(key, document.seq);
      return toStoredMessage(document);
    } catch (error) {
      // The insert may or may not have landed (a lost reply): re-read next time rather than guess.
      this.#hints.delete(key);
      throw error;
    }
  }

  /**
   * The highest seq ever given in the conversation: the newest stored message, or the mark saved before
   * retention deleted it. Messages are read before the mark, the reverse of deleteOlderThan's order (mark, then
   * delete), so a concurrent sweep is always seen by one of the two reads.
   */
  async #readLastSeq(sdkAppId: number, conversationId: string): Promise<number> {
    const newest = await this.#newest(sdkAppId, conversationId);
    const mark = await this.#seqs.findOne({ sdkAppId, conversationId }, withoutId);
    // The TTL index deletes expired messages without saving a mark; the participants' conversation entries still
    // hold the last seq they saw, so the sequence never restarts.
    const entry = await this.#conversations
      .find({ sdkAppId, conversationId }, { projection: { _id: 0, lastSeq: 1 } })
      .sort({ lastSeq: -1 })
      .limit(1)
      .next();
    return Math.max(newest?.seq ?? 0, mark?.lastSeq ?? 0, entry?.lastSeq ?? 0);
  }

  /** The newest seq taken in the conversation, by a message or without one (group seqs, see SeqOnlyDocument). */
  #newest(sdkAppId: number, conversationId: string): Promise<{ seq: number; time: number } | null> {
    return this.#messages
      .find<{ seq: number; time: number }>(
        { sdkAppId, conversationId },
        { projection: { _id: 0, seq: 1, time: 1 } },
      )
      .sort({ seq: -1 })
      .limit(1)
      .next();
  }

  findByRandom(
    sdkAppId: number,
    from: string,
    to: string,
    random: number,
    since: number,
  ): Promise<StoredMessage | undefined> {
    return mongoCall(async () => {
      const document = await this.#messages
        .find({ sdkAppId, from, random, to, time: { $gte: since }, ...messagesOnly }, withoutId)
        .sort({ time: -1 })
        .limit(1)
        .next();
      return document ? toStoredMessage(document) : undefined;
    });
  }

  get(sdkAppId: number, conversationId: string, seq: number): Promise<StoredMessage | undefined> {
    return mongoCall(async () => {
      const document = await this.#messages.findOne(
        { sdkAppId, conversationId, seq, ...messagesOnly },
        withoutId,
      );
      return document ? toStoredMessage(document) : undefined;
    });
  }

  listAfter(
    sdkAppId: number,
    conversationId: string,
    afterSeq: number,
    limit: number,
    notBefore: number,
  ): Promise<StoredMessage[]> {
    if (limit <= 0) return Promise.resolve([]); // limit(0) means "no limit" to MongoDB
    return mongoCall(async () => {
      const documents = await this.#messages
        .find(
          { sdkAppId, conversationId, seq: { $gt: afterSeq }, time: { $gte: notBefore }, ...messagesOnly },
          withoutId,
        )
        .sort({ seq: 1 })
        .limit(limit)
        .toArray();
      return documents.map(toStoredMessage);
    });
  }

  listBefore(
    sdkAppId: number,
    conversationId: string,
    beforeSeq: number | undefined,
    limit: number,
    notBefore: number,
  ): Promise<StoredMessage[]> {
    if (limit <= 0) return Promise.resolve([]);
    const seq = beforeSeq === undefined ? {} : { seq: { $lt: beforeSeq } };
    return mongoCall(async () => {
      const documents = await this.#messages
        .find({ sdkAppId, conversationId, ...seq, time: { $gte: notBefore }, ...messagesOnly }, withoutId)
        .sort({ seq: -1 })
        .limit(limit)
        .toArray();
      return documents.map(toStoredMessage);
    });
  }

  countFromAfter(
    sdkAppId: number,
    conversationId: string,
    from: string,
    afterSeq: number,
    throughSeq?: number,
  ): Promise<number> {
    return mongoCall(() =>
      this.#messages.countDocuments({
        sdkAppId,
        conversationId,
        from,
        seq: throughSeq === undefined ? { $gt: afterSeq } : { $gt: afterSeq, $lte: throughSeq },
        ...messagesOnly,
      }),
    );
  }

  markRecalled(
    sdkAppId: number,
    conversationId: string,
    seq: number,
    at: number,
  ): Promise<StoredMessage | undefined> {
    return mongoCall(
      async () => {
        const filter = { sdkAppId, conversationId, seq, ...messagesOnly };
        // Only a message not yet recalled changes, so a repeated recall keeps the first recall time.
        const recalled = await this.#messages.findOneAndUpdate(
          { ...filter, recalledAt: { $exists: false } },
          { $set: { body: [], recalledAt: at }, $unset: { cloudCustomData: '', mentions: '' } },
          { returnDocument: 'after' },
        );
        const document = recalled ?? (await this.#messages.findOne(filter, withoutId));
        return document ? toStoredMessage(document) : undefined;
      },
      { idempotent: true },
    );
  }

  deleteOlderThan(sdkAppId: number, cutoff: number): Promise<number> {
    return mongoCall(
      async () => {
        const expired = { sdkAppId, time: { $lt: cutoff } };
        // A conversation whose newest message expires keeps its last seq in `message_seqs`, so its next message
        // continues the sequence instead of restarting at 1 (clients sync by seq).
        const touched = this.#messages.aggregate<{ _id: string }>([
          { $match: expired },
          { $group: { _id: '$conversationId' } },
        ]);
        for await (const { _id: conversationId } of touched) {
          const newest = await this.#newest(sdkAppId, conversationId);
          if (newest && newest.time < cutoff)
            await raiseSeqMark(this.#seqs, sdkAppId, conversationId, newest.seq);
        }
        // After a retry (broken connection) the count covers the second run only: it feeds a report, nothing more.
        const { deletedCount } = await this.#messages.deleteMany({ ...expired, ...messagesOnly });
        await this.#messages.deleteMany({ ...expired, seqOnly: true });
        return deletedCount;
      },
      { idempotent: true },
    );
  }

  deleteApp(sdkAppId: number): Promise<number> {
    return mongoCall(
      async () => {
        // Group messages and seqs are documents of `messages` and `message_seqs` too, so they go with the app.
        const { deletedCount } = await this.#messages.deleteMany({ sdkAppId, ...messagesOnly });
        await this.#messages.deleteMany({ sdkAppId });
        await this.#seqs.deleteMany({ sdkAppId });
        // Other nodes may still hold hints for this app; a purged app sends nothing more (see README).
        this.#hints.deletePrefix(`${sdkAppId}:`);
        return deletedCount;
      },
      { idempotent: true },
    );
  }

  close(): Promise<void> {
    // The caller owns the client (connectMongo); only this store's own state is dropped.
    this.#hints.clear();
    return Promise.resolve();
  }
}

function hintKey(sdkAppId: number, conversationId: string): string {
  return `${sdkAppId}:${conversationId}`;
}
