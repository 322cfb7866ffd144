import { type GroupMessageLog, msgKeyOf, type NewMessage, type StoredMessage } from '@parley/domain';
import type { Collection, Db } from 'mongodb';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
import {
  collections,
  type MessageDocument,
  type MessageSeqDocument,
  messagesOnly,
  type SeqOnlyDocument,
  toMessageDocument,
  toStoredMessage,
} from './mongo-documents.ts';
import type { MongoMessageStore } from './mongo-message-store.ts';
import { SeqHints } from './seq-hints.ts';
import { insertAtNextSeq } from './seq-insert.ts';
import { raiseSeqMark } from './seq-marks.ts';
import { mongoCall } from './storage-errors.ts';

export interface MongoGroupMessageLogDeps {
  db: Db;
  /** The message store over the same database: it reads group messages and recalls them. */
  messages: MongoMessageStore;
  /** Whether the server keeps the TTL index of history expiry (what `ensureMongoIndexes` returned). */
  historyTtl?: boolean;
  /** How long one append may keep losing seq races to other nodes before STORAGE_UNAVAILABLE (default 15 s). */
  seqDeadlineMs?: number;
  /** The time seq-only documents are stamped with, and pruned by (ms since the epoch; default Date.now). */
  now?: () => number;
}

/** Default for `seqDeadlineMs`, as for one-to-one appends (see mongo-message-store.ts). */
const SEQ_DEADLINE_MS = 15_000;
const HINT_ENTRIES = 10_000;
/** How long a hint is used without a read (see createMongoGroupMessageLog). */
const HINT_MAX_AGE_MS = 1_000;
/** Every this many seqs, the conversation's older seq-only documents are pruned. */
export const SEQ_ONLY_PRUNE_EVERY = 64;
/**
 * A seq-only document may go once no node can still be about to insert its seq again. A node reads the last seq
 * (or uses a hint at most a second old) and inserts the next within its socket timeouts (seconds), so the pruned
 * documents are both older than `SEQ_ONLY_PRUNE_AGE_MS` and more than `SEQ_ONLY_KEEP` seqs below the newest: the
 * age alone would not do between nodes whose clocks disagree, and 1024 seqs take 25 s at a group's 40 messages per
 * second.
 */
export const SEQ_ONLY_PRUNE_AGE_MS = 10 * 60_000;
export const SEQ_ONLY_KEEP = 1024;

/**
 * The MongoDB GroupMessageLog: group messages are documents of the one-to-one `messages` collection, so the
 * MessageStore reads, retention and app purge serve both. A seq is taken only by an insert into `messages`, whose
 * unique (sdkAppId, conversationId, seq) index keeps seqs unique and gap-free across nodes (FerretDB has no
 * atomic counter update, see README); `allocateSeq` inserts a seq-only document. Unlike one-to-one appends,
 * group appends trust this node's hint of the last seq for a second only (enough for a burst to cost one insert
 * per message), and read the last seq otherwise: a disbanded group's ID can be created again, and a node's older
 * hint would then skip seqs.
 */
export function createMongoGroupMessageLog({
  db,
  messages,
  historyTtl = false,
  seqDeadlineMs = SEQ_DEADLINE_MS,
  now = Date.now,
}: MongoGroupMessageLogDeps): GroupMessageLog {
  const documents = db.collection<MessageDocument>(collections.messages);
  const seqOnly = db.collection<SeqOnlyDocument>(collections.messages);
  const seqs = db.collection<MessageSeqDocument>(collections.messageSeqs);
  // One insert in flight per group on this node: local appends never collide with each other.
  const queue = new KeyedSerialQueue();
  const hints = new SeqHints(HINT_ENTRIES, HINT_MAX_AGE_MS, now);

  /**
   * The highest seq ever taken in the group: the newest document (message or seq-only), or the mark saved before
   * retention deleted it. Documents are read before the mark, the reverse of deleteOlderThan's order (mark, then
   * delete), so a concurrent sweep is always seen by one of the two reads.
   */
  async function readLastSeq(sdkAppId: number, conversationId: string): Promise<number> {
    const newest = await newestSeq(documents, sdkAppId, conversationId);
    const mark = await seqs.findOne({ sdkAppId, conversationId }, { projection: { _id: 0 } });
    return Math.max(newest, mark?.lastSeq ?? 0);
  }

  /** Takes the next seq with the document `build` makes, one at a time per group on this node. */
  function insertNext<D extends { seq: number }>(
    collection: Collection<D>,
    sdkAppId: number,
    conversationId: string,
    build: (seq: number) => D,
  ): Promise<D> {
    const key = hintKey(sdkAppId, conversationId);
    return queue.run(key, () =>
      mongoCall(async () => {
        const read = () => readLastSeq(sdkAppId, conversationId);
        const deadline = Date.now() + seqDeadlineMs;
        let document: D;
        try {
          const last = hints.get(key) ?? (await read());
          document = await insertAtNextSeq({ collection, last, readLastSeq: read, build, deadline });
        } catch (error) {
          // The insert may or may not have landed (a lost reply): re-read next time rather than guess.
          hints.delete(key);
          throw error;
        }
        hints.set(key, document.seq);
        // The TTL index deletes messages without saving a mark, and groups have no per-member conversation entries
        // that remember the last seq: where it runs (MongoDB), every seq taken is marked.
        if (historyTtl) await raiseSeqMark(seqs, sdkAppId, conversationId, document.seq);
        return document;
      }),
    );
  }

  /** Deletes the group's seq-only documents older than the prune age and far enough below the seq just taken. */
  async function pruneSeqOnly(sdkAppId: number, conversationId: string, below: number): Promise<void> {
    await mongoCall(
      () =>
        seqOnly.deleteMany({
          sdkAppId,
          conversationId,
          seqOnly: true,
          seq: { $lt: below - SEQ_ONLY_KEEP },
          time: { $lt: now() - SEQ_ONLY_PRUNE_AGE_MS },
        }),
      { idempotent: true },
    );
  }

  return {
    async append(message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage> {
      const document = await insertNext(documents, message.sdkAppId, message.conversationId, (seq) => {
        const built = toMessageDocument({
          ...message,
          seq,
          msgKey: msgKeyOf(seq, message.random, message.time),
        });
        if (expiry) built.expireAt = new Date(expiry.expireAt);
        return built;
      });
      return toStoredMessage(document);
    },

    async allocateSeq(sdkAppId, conversationId) {
      const { seq } = await insertNext<SeqOnlyDocument>(seqOnly, sdkAppId, conversationId, (next) => ({
        sdkAppId,
        conversationId,
        seq: next,
        time: now(),
        seqOnly: true,
      }));
      // Without pruning, an AVChatRoom would keep a document per message for its whole retention period. The seq
      // is taken whatever the prune does: a failed prune is left to the next one (or to retention).
      if (seq % SEQ_ONLY_PRUNE_EVERY === 0) await pruneSeqOnly(sdkAppId, conversationId, seq).catch(() => {});
      return seq;
    },

    lastSeqs(sdkAppId, conversationIds) {
      if (conversationIds.length === 0) return Promise.resolve([]);
      return mongoCall(async () => {
        // One indexed read per group (the newest document), then every mark at once: documents before marks.
        const newest = await Promise.all(
          conversationIds.map((conversationId) => newestSeq(documents, sdkAppId, conversationId)),
        );
        const marks = await seqs
          .find({ sdkAppId, conversationId: { $in: conversationIds } }, { projection: { _id: 0 } })
          .toArray();
        const marked = new Map(marks.map((mark) => [mark.conversationId, mark.lastSeq]));
        return conversationIds.map((id, index) => Math.max(newest[index] ?? 0, marked.get(id) ?? 0));
      });
    },

    // Groups have no per-member conversation entries: the tombstone is the whole recall.
    recall: (sdkAppId, conversationId, seq, at) => messages.markRecalled(sdkAppId, conversationId, seq, at),

    countUnread(sdkAppId, conversationId, userId, afterSeq, cap) {
      if (cap <= 0) return Promise.resolve(0); // limit 0 means "no limit" to MongoDB
      // The limit stops the count at the cap: a long-unread busy group costs `cap` documents, not its backlog.
      return mongoCall(() =>
        documents.countDocuments(
          { sdkAppId, conversationId, seq: { $gt: afterSeq }, from: { $ne: userId }, ...messagesOnly },
          { limit: cap },
        ),
      );
    },

    deleteConversation(sdkAppId, conversationId) {
      // Other nodes' hints expire within HINT_MAX_AGE_MS: a group created again after that starts at seq 1.
      hints.delete(hintKey(sdkAppId, conversationId));
      return mongoCall(
        async () => {
          await documents.deleteMany({ sdkAppId, conversationId });
          await seqs.deleteOne({ sdkAppId, conversationId });
        },
        { idempotent: true },
      );
    },
  };
}

function hintKey(sdkAppId: number, conversationId: string): string {
  return `${sdkAppId}:${conversationId}`;
}

/** The newest seq taken in the conversation, by a message or a seq-only document; 0 for none. */
async function newestSeq(
  documents: Collection<MessageDocument>,
  sdkAppId: number,
  conversationId: string,
): Promise<number> {
  const newest = await documents
    .find<{ seq: number }>({ sdkAppId, conversationId }, { projection: { _id: 0, seq: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  return newest?.seq ?? 0;
}
