import type {
  ConversationEntry,
  ConversationEntryWrites,
  ConversationStore,
  StoredMessage,
} from '@parley/domain';
import type { Collection, Db } from 'mongodb';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
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
 * Recent-contacts entries in MongoDB (or FerretDB), without transactions: every change is one conditional
 * update on one entry, so replays and out-of-order deliveries are harmless (see recordMessage). MongoDB applies
 * such an update atomically, which makes it safe across nodes. FerretDB 1.x does not (it reads, filters and
 * writes the whole document back), so this store also runs the writes to one entry one at a time: a single
 * node is then safe on FerretDB too (see README.md).
 */
/** The MongoDB conversation store, with the entry writes its MessageLog is built from. */
export type MongoConversationStore = ConversationStore & ConversationEntryWrites;

export function createMongoConversationStore({ db }: MongoConversationStoreDeps): MongoConversationStore {
  return new MongoConversationStoreImpl(db);
}

class MongoConversationStoreImpl implements MongoConversationStore {
  readonly #entries: Collection<ConversationDocument>;
  readonly #queue = new KeyedSerialQueue();

  constructor(db: Db) {
    this.#entries = db.collection<ConversationDocument>(collections.conversations);
  }

  async recordMessage(message: StoredMessage): Promise<void> {
    const { sdkAppId, conversationId, from, to } = message;
    await Promise.all([
      this.#serially(sdkAppId, from, conversationId, () => this.#record(message, from, to, 0)),
      this.#serially(sdkAppId, to, conversationId, () => this.#record(message, to, from, 1)),
    ]);
  }

  /**
   * Applies the message to one entry only when it is newer than the entry's lastSeq: the filter `lastSeq < seq`
   * makes a replay or an older message a no-op, so unread grows once per message and lastSeq never goes back.
   */
  async #record(message: StoredMessage, owner: string, peer: string, unread: number): Promise<void> {
    const key = { sdkAppId: message.sdkAppId, owner, conversationId: message.conversationId };
    const newer = { ...key, lastSeq: { $lt: message.seq } };
    const change = {
      $set: { lastSeq: message.seq, lastMessage: toMessageDocument(message), updatedAt: message.time },
      $inc: { unread },
    };
    try {
      await this.#entries.updateOne(
        newer,
        { ...change, $setOnInsert: { peer, readSeq: 0 } },
        { upsert: true },
      );
    } catch (error) {
      // E11000: the entry exists with lastSeq >= seq (nothing to do), or another node created it just now
      // (it may hold an older message): the plain conditional update settles both.
      if (!isDuplicateKey(error)) throw error;
      await this.#entries.updateOne(newer, change);
    }
  }

  async recordRecall(message: StoredMessage): Promise<void> {
    const { sdkAppId, conversationId } = message;
    const lastMessage = toMessageDocument(message);
    await Promise.all(
      [message.from, message.to].map((owner) =>
        this.#serially(sdkAppId, owner, conversationId, () =>
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
  ): Promise<ConversationEntry | undefined> {
    return this.#serially(sdkAppId, owner, conversationId, async () => {
      const key = { sdkAppId, owner, conversationId };
      // An older read (a slower device, a replay) changes nothing: its unread count is stale too.
      const updated = await this.#entries.findOneAndUpdate(
        { ...key, readSeq: { $lte: readSeq } },
        { $set: { readSeq, unread } },
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

  deleteApp(sdkAppId: number): Promise<number> {
    return mongoCall(async () => (await this.#entries.deleteMany({ sdkAppId })).deletedCount, {
      idempotent: true,
    });
  }

  #serially<T>(sdkAppId: number, owner: string, conversationId: string, write: () => Promise<T>): Promise<T> {
    return this.#queue.run(`${sdkAppId}:${owner}:${conversationId}`, () =>
      mongoCall(write, { idempotent: true }),
    );
  }

  close(): Promise<void> {
    // The caller owns the client (connectMongo).
    return Promise.resolve();
  }
}
