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
    { key: { sdkAppId: 1, owner: 1, updatedAt: -1 }, name: 'owner_updated' },
  ],
};

/**
 * Creates the indexes at start-up (idempotent: existing identical indexes are kept). History expiry is the
 * sweeper's job (`RetentionJobs.expireHistory` → `deleteOlderThan`) on MongoDB and FerretDB alike; no TTL index
 * is created: see README.md for why.
 */
export async function ensureMongoIndexes(db: Db): Promise<void> {
  for (const [name, indexes] of Object.entries(mongoIndexes)) {
    // One index per command: FerretDB 1.24 drops the connection (a server panic) when one createIndexes
    // names several indexes that already exist, i.e. on every start-up after the first.
    for (const index of indexes)
      await mongoCall(() => db.collection(name).createIndexes([index]), { idempotent: true });
  }
}
