import { ensureMongoIndexes, historyTtlIndex, mongoCollections, mongoIndexes } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';

const url = realServiceUrl('mongo');

describe.skipIf(!url)('ensureMongoIndexes', () => {
  let fresh: FreshMongoDb;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? ''); // runs ensureMongoIndexes once
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('creates every index with its key and uniqueness, and is idempotent', async () => {
    await ensureMongoIndexes(fresh.main.db);
    for (const [collection, expected] of Object.entries(mongoIndexes)) {
      const existing = await fresh.main.db.collection(collection).indexes();
      for (const index of expected) {
        const found = existing.find((candidate) => candidate.name === index.name);
        expect(found, `${collection}.${index.name}`).toBeDefined();
        expect(found?.key).toEqual(index.key);
        expect(Boolean(found?.unique)).toBe(Boolean(index.unique));
      }
    }
  });

  it('asks for the TTL index of history expiry and says whether the server keeps it (FerretDB: code 238)', async () => {
    const { historyTtl } = await ensureMongoIndexes(fresh.main.db);
    const ttlIndexes = (await fresh.main.db.collection(mongoCollections.messages).indexes()).filter(
      (index) => index.expireAfterSeconds !== undefined,
    );
    if (historyTtl) {
      expect(ttlIndexes).toMatchObject([
        { name: historyTtlIndex.name, key: { expireAt: 1 }, expireAfterSeconds: 0 },
      ]);
    } else {
      expect(ttlIndexes).toEqual([]);
      const build = await fresh.main.db.admin().command({ buildInfo: 1 });
      // Only a server that refuses TTL indexes may answer false: FerretDB 1.24 does.
      expect(JSON.stringify(build).toLowerCase()).toContain('ferretdb');
    }
  });

  it('rejects a second message with the same seq in a conversation (what seq allocation relies on)', async () => {
    const messages = fresh.main.db.collection(mongoCollections.messages);
    const doc = { sdkAppId: 1, conversationId: 'c2c:a:b', seq: 1 };
    await messages.insertOne({ ...doc, random: 1 });
    await expect(messages.insertOne({ ...doc, random: 2 })).rejects.toMatchObject({ code: 11000 });
    await messages.insertOne({ ...doc, seq: 2, random: 3 });
    await messages.insertOne({ ...doc, sdkAppId: 2, random: 4 });
  });

  it('rejects a second conversation entry for the same owner and conversation', async () => {
    const entries = fresh.main.db.collection(mongoCollections.conversations);
    const key = { sdkAppId: 1, owner: 'alice', conversationId: 'c2c:alice:bob' };
    await entries.insertOne({ ...key, lastSeq: 1 });
    await expect(entries.insertOne({ ...key, lastSeq: 2 })).rejects.toMatchObject({ code: 11000 });
  });
});
