import type { StoredMessage } from '@parley/domain';
import { c2cConversationId } from '@parley/protocol';
import { createMongoConversationStore } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';
import { nonAtomicUpdatesReason } from './non-atomic-updates.ts';

const url = realServiceUrl('mongo');
const conversationId = c2cConversationId('alice', 'bob');

function stored(seq: number): StoredMessage {
  const time = 1_700_000_000_000 + seq;
  return {
    sdkAppId: 7,
    conversationId,
    seq,
    msgKey: `${seq}_1_${time}`,
    from: 'alice',
    to: 'bob',
    random: 1,
    time,
    body: [],
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

describe.skipIf(!url)('MongoConversationStore across nodes (adapter specifics)', () => {
  let fresh: FreshMongoDb;
  let nonAtomic: string | undefined;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
    nonAtomic = await nonAtomicUpdatesReason(fresh.main.db);
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // MongoDB applies one conditional update atomically; FerretDB 1.x on its own reads, filters and writes the whole
  // document back, so two nodes can lose each other's update. This runs where updates are atomic: on MongoDB and
  // on the local FerretDB, which serializes writes (infra/ferretdb/write_serializer.go).
  it('keeps the newest message and counts every one when two nodes record concurrently', async ({ skip }) => {
    skip(nonAtomic !== undefined, nonAtomic);
    const first = createMongoConversationStore(await fresh.connectAgain());
    const second = createMongoConversationStore(await fresh.connectAgain());
    await first.recordMessage(stored(1));
    const order = Array.from({ length: 40 }, (_, i) => ((i * 17) % 40) + 1);
    await allSettled(order.map((seq, i) => (i % 2 ? second : first).recordMessage(stored(seq))));
    for (const owner of ['alice', 'bob']) {
      expect(await first.get(7, owner, conversationId)).toMatchObject({
        lastSeq: 40,
        lastMessage: stored(40),
        unread: owner === 'bob' ? 40 : 0,
      });
    }
  });
});
