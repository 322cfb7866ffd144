import type {
  ConversationEntry,
  ConversationEntryWrites,
  ConversationStore,
  StoredMessage,
} from '@parley/domain';
import { ParleyError } from '@parley/protocol';
import type { Collection, Db } from 'mongodb';
import {
  type ConversationDocument,
  collections,
  toConversationEntry,
  toMessageDocument,
} from './mongo-documents.ts';
import { isDuplicateKey, mongoCall } from './storage-errors.ts';

export interface MongoConversationStoreDeps {
  db: Db;
}

const withoutId = { projection: { _id: 0 } } as const;

/**
 * The MongoDB conversation store, with the entry writes its MessageLog is built from.
 *
 * Recent-contacts entries in MongoDB (or FerretDB), without transactions or in-process locks: every change is a
 * single-document update whose filter decides whether it applies (lastSeq equal to what was read, a seq still in
 * missingSeqs, readSeq not above the new one). MongoDB applies such an update atomically, so any number of nodes and
 * concurrent calls can write one entry, in any order, and each seq is recorded once (see recordMessage). FerretDB 1.x
 * on SQLite does not apply them atomically across connections (it reads, filters and writes the whole document
 * back), so there concurrent writes to one entry can lose an update (README.md).
 */
export type MongoConversationStore = ConversationStore & ConversationEntryWrites;

/** At most this many unrecorded seqs are remembered below a new lastSeq; lower ones count as recorded. */
const MAX_MISSING_SEQS = 1000;

/** Rounds of read-then-conditional-update before a record gives up (each lost round means another writer won). */
const MAX_ATTEMPTS = 100;

export function createMongoConversationStore({ db }: MongoConversationStoreDeps): MongoConversationStore {
  return new MongoConversationStoreImpl(db);
}

interface EntryKey {
  sdkAppId: number;
  owner: string;
  conversationId: string;
}

class MongoConversationStoreImpl implements MongoConversationStore {
  readonly #entries: Collection<ConversationDocument>;

  constructor(db: Db) {
    this.#entries = db.collection<ConversationDocument>(collections.conversations);
  }

  async recordMessage(message: StoredMessage): Promise<void> {
    const { sdkAppId, conversationId, from, to } = message;
    await Promise.all([
      this.#write(() => this.#record(message, { sdkAppId, owner: from, conversationId }, to, 0)),
      this.#write(() => this.#record(message, { sdkAppId, owner: to, conversationId }, from, 1)),
    ]);
  }

  /**
   * Records the message in one entry, once, whatever the order of arrival:
   * - the next seq (lastSeq = seq - 1) or a new entry: one upsert, no read (the common case);
   * - a seq above lastSeq: lastSeq, lastMessage and updatedAt move to it and the seqs skipped on the way are
   *   remembered in missingSeqs, conditional on lastSeq still being the one read;
   * - a seq below lastSeq: counted only while it is in missingSeqs, which the same update removes it from.
   * Every update is conditional and idempotent, so a replay or a retried write changes nothing.
   */
  async #record(message: StoredMessage, key: EntryKey, peer: string, unread: number): Promise<void> {
    const { seq } = message;
    const moveTo = {
      $set: { lastSeq: seq, lastMessage: toMessageDocument(message), updatedAt: message.time },
      $inc: { unread },
    };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      try {
        const next = await this.#entries.updateOne(
          { ...key, lastSeq: seq - 1 },
          { ...moveTo, $setOnInsert: { peer, readSeq: 0, missingSeqs: seqsBetween(0, seq) } },
          { upsert: true },
        );
        if (next.matchedCount + next.upsertedCount > 0) return;
      } catch (error) {
        // E11000: the entry exists with another lastSeq (or another writer created it just now).
        if (!isDuplicateKey(error)) throw error;
      }
      const entry = await this.#entries.findOne(key, { projection: { _id: 0, lastSeq: 1 } });
      if (!entry) continue; // deleted since (deleteApp): record it as a new entry
      if (entry.lastSeq === seq) return;
      if (entry.lastSeq > seq) return this.#recordOlder(key, seq, unread);
      const moved = await this.#entries.updateOne(
        { ...key, lastSeq: entry.lastSeq },
        { ...moveTo, $push: { missingSeqs: { $each: seqsBetween(entry.lastSeq, seq) } } },
      );
      if (moved.matchedCount > 0) return;
    }
    throw new ParleyError('STORAGE_UNAVAILABLE', {
      detail: `(mongodb) conversation entry ${key.owner}/${key.conversationId}: ${MAX_ATTEMPTS} lost races`,
    });
  }

  /** A seq below lastSeq: taken out of missingSeqs once, counted unread when above readSeq. */
  async #recordOlder(key: EntryKey, seq: number, unread: number): Promise<void> {
    if (unread > 0) {
      const counted = await this.#entries.updateOne(
        { ...key, missingSeqs: seq, readSeq: { $lt: seq } },
        { $pull: { missingSeqs: seq }, $inc: { unread } },
      );
      if (counted.matchedCount > 0) return;
    }
    await this.#entries.updateOne({ ...key, missingSeqs: seq }, { $pull: { missingSeqs: seq } });
  }

  async recordRecall(message: StoredMessage): Promise<void> {
    const { sdkAppId, conversationId } = message;
    const lastMessage = toMessageDocument(message);
    await Promise.all(
      [message.from, message.to].map((owner) =>
        this.#write(() =>
          this.#entries.updateOne(
            { sdkAppId, owner, conversationId, 'lastMessage.seq': message.seq },
            { $set: { lastMessage } },
          ),
        ),
      ),
    );
  }

  markRead(
    sdkAppId: number,
    owner: string,
    conversationId: string,
    readSeq: number,
    unread: number,
    asOfLastSeq?: number,
  ): Promise<ConversationEntry | undefined> {
    return this.#write(async () => {
      const key = { sdkAppId, owner, conversationId };
      // An older read (a slower device, a replay) changes nothing: its unread count is stale too. So does a count
      // made before the entry's lastSeq moved on.
      const counted = asOfLastSeq === undefined;
      const updated = await this.#entries.findOneAndUpdate(
        { ...key, readSeq: { $lte: readSeq }, ...(counted ? {} : { lastSeq: asOfLastSeq }) },
        { $set: counted ? { readSeq, unread } : { readSeq, unread, missingSeqs: [] } },
        { returnDocument: 'after' },
      );
      const document = updated ?? (await this.#entries.findOne(key, withoutId));
      return document ? toConversationEntry(document) : undefined;
    });
  }

  get(sdkAppId: number, owner: string, conversationId: string): Promise<ConversationEntry | undefined> {
    return mongoCall(async () => {
      const document = await this.#entries.findOne({ sdkAppId, owner, conversationId }, withoutId);
      return document ? toConversationEntry(document) : undefined;
    });
  }

  list(sdkAppId: number, owner: string, limit: number): Promise<ConversationEntry[]> {
    if (limit <= 0) return Promise.resolve([]); // limit(0) means "no limit" to MongoDB
    return mongoCall(async () => {
      const documents = await this.#entries
        .find({ sdkAppId, owner }, withoutId)
        .sort({ updatedAt: -1 })
        .limit(limit)
        .toArray();
      return documents.map(toConversationEntry);
    });
  }

  delete(sdkAppId: number, owner: string, conversationId: string): Promise<boolean> {
    return mongoCall(
      async () => (await this.#entries.deleteOne({ sdkAppId, owner, conversationId })).deletedCount > 0,
      { idempotent: true },
    );
  }

  deleteApp(sdkAppId: number): Promise<number> {
    return mongoCall(async () => (await this.#entries.deleteMany({ sdkAppId })).deletedCount, {
      idempotent: true,
    });
  }

  /** Every write here is conditional and idempotent, so one broken connection may be retried. */
  #write<T>(write: () => Promise<T>): Promise<T> {
    return mongoCall(write, { idempotent: true });
  }

  close(): Promise<void> {
    // The caller owns the client (connectMongo).
    return Promise.resolve();
  }
}

/** The seqs strictly between `below` and `above`, at most MAX_MISSING_SEQS of them (the highest). */
function seqsBetween(below: number, above: number): number[] {
  const from = Math.max(below + 1, above - MAX_MISSING_SEQS);
  return Array.from({ length: Math.max(0, above - from) }, (_, i) => from + i);
}
