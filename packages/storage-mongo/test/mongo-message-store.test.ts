import type { NewMessage } from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import {
  createMongoConversationStore,
  createMongoMessageStore,
  type MongoMessageStore,
  mongoCollections,
} from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';

const url = realServiceUrl('mongo');
const conversationId = c2cConversationId('alice', 'bob');

function message(sdkAppId: number, random: number): NewMessage {
  return {
    sdkAppId,
    conversationId,
    from: 'alice',
    to: 'bob',
    random,
    time: 1_700_000_000_000 + random,
    body: [],
  };
}

function roundRobin<T>(items: T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('no items');
  return item;
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

describe.skipIf(!url)('MongoMessageStore seq allocation (adapter specifics)', () => {
  let fresh: FreshMongoDb;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('gives seqs exactly 1..200 to four nodes appending 50 each at once', { timeout: 120_000 }, async () => {
    const nodes: MongoMessageStore[] = [];
    for (let n = 0; n < 4; n += 1) nodes.push(createMongoMessageStore(await fresh.connectAgain()));
    const results = await allSettled(
      Array.from({ length: 200 }, (_, i) => roundRobin(nodes, i).append(message(1, i + 1))),
    );
    const seqs = results.map((stored) => stored.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('catches up when its hint is stale: another node appended many messages since', async () => {
    const first = createMongoMessageStore(await fresh.connectAgain());
    const second = createMongoMessageStore(await fresh.connectAgain());
    expect((await first.append(message(2, 1))).seq).toBe(1);
    for (let i = 2; i <= 30; i += 1) await second.append(message(2, i));
    // `first` still believes the last seq is 1: its first insert collides, then it re-reads.
    expect((await first.append(message(2, 31))).seq).toBe(31);
    const listed = await first.listAfter(2, conversationId, 0, 100, 0);
    expect(listed.map((stored) => stored.random)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('continues the sequence after the TTL index deleted every message (no mark): the conversation entries hold it', async () => {
    const { db } = await fresh.connectAgain();
    const store = createMongoMessageStore({ db });
    const conversations = createMongoConversationStore({ db });
    for (let i = 1; i <= 3; i += 1) await conversations.recordMessage(await store.append(message(3, i)));
    // What a TTL index does: the documents vanish, the store is not told.
    await db.collection(mongoCollections.messages).deleteMany({ sdkAppId: 3 });
    const fresher = createMongoMessageStore({ db: (await fresh.connectAgain()).db });
    expect((await fresher.append(message(3, 4))).seq).toBe(4);
  });

  it('stores the expiry it is given, and applyRetention is a no-op where the server keeps no TTL index', async () => {
    const { db } = await fresh.connectAgain();
    const store = createMongoMessageStore({ db, historyTtl: false });
    const stored = await store.append(message(4, 1), { expireAt: Date.UTC(2030, 0, 1) });
    const document = await db.collection(mongoCollections.messages).findOne({ sdkAppId: 4, seq: stored.seq });
    expect(document?.expireAt).toEqual(new Date(Date.UTC(2030, 0, 1)));
    expect(stored).not.toHaveProperty('expireAt');
    await expect(store.applyRetention(4, 86_400_000)).resolves.toBeUndefined();
  });
});
