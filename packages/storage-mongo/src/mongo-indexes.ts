import type { Db, IndexDescription } from 'mongodb';
import { collections } from './mongo-documents.ts';
import { mongoCall } from './storage-errors.ts';

/** Every index the stores rely on, by collection. Unique ones are what make seq allocation and upserts safe. */
export const mongoIndexes: Record<string, IndexDescription[]> = {
  [collections.messages]: [
    // Seq allocation: an insert that takes a seq already taken fails with E11000 (see mongo-message-store.ts).
    { key: { sdkAppId: 1, conversationId: 1, seq: 1 }, name: 'conversation_seq', unique: true },
    { key: { sdkAppId: 1, from: 1, random: 1, time: 1 }, name: 'sender_random_time' },
    { key: { sdkAppId: 1, time: 1 }, name: 'app_time' },
  ],
  [collections.messageSeqs]: [
    { key: { sdkAppId: 1, conversationId: 1 }, name: 'conversation', unique: true },
  ],
  [collections.conversations]: [
    { key: { sdkAppId: 1, owner: 1, conversationId: 1 }, name: 'owner_conversation', unique: true },
    // The message store reads a conversation's lastSeq here when its messages are all gone (see #readLastSeq).
    { key: { sdkAppId: 1, conversationId: 1 }, name: 'conversation' },
    { key: { sdkAppId: 1, owner: 1, updatedAt: -1 }, name: 'owner_updated' },
  ],
};

/** Deletes a message at its `expireAt` (the end of its app's history storage period), where the server can. */
export const historyTtlIndex: IndexDescription = {
  key: { expireAt: 1 },
  name: 'history_ttl',
  expireAfterSeconds: 0,
};

/** MongoDB's NotImplemented: FerretDB 1.24 answers it to `expireAfterSeconds`. */
const NOT_IMPLEMENTED = 238;

/**
 * Creates the indexes at start-up (idempotent: existing identical indexes are kept), and the TTL index of history
 * expiry where the server supports one. `historyTtl` says which: history is expired by the sweeper
 * (`RetentionJobs.expireHistory` → `deleteOlderThan`) on every server, and on MongoDB also at each message's
 * `expireAt`.
 */
export async function ensureMongoIndexes(db: Db): Promise<{ historyTtl: boolean }> {
  for (const [name, indexes] of Object.entries(mongoIndexes)) {
    // One index per command: FerretDB 1.24 drops the connection (a server panic) when one createIndexes
    // names several indexes that already exist, i.e. on every start-up after the first.
    for (const index of indexes)
      await mongoCall(() => db.collection(name).createIndexes([index]), { idempotent: true });
  }
  try {
    await mongoCall(() => db.collection(collections.messages).createIndexes([historyTtlIndex]), {
      idempotent: true,
    });
    return { historyTtl: true };
  } catch (error) {
    const code =
      (error as { cause?: { code?: unknown }; code?: unknown }).cause?.code ??
      (error as { code?: unknown }).code;
    if (code === NOT_IMPLEMENTED) return { historyTtl: false };
    throw error;
  }
}
