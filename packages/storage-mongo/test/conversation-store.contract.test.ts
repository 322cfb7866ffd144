import { createMongoConversationStore } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { describeConversationStoreContract } from '@parley/testing/contracts/conversation-store-contract.ts';
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';
import { nonAtomicUpdatesReason } from './non-atomic-updates.ts';

const url = realServiceUrl('mongo');

describe.skipIf(!url)('MongoConversationStore', () => {
  let fresh: FreshMongoDb;
  let nonAtomic: string | undefined;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
    nonAtomic = await nonAtomicUpdatesReason(fresh.main.db);
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // Every test gets its own sdkAppIds from the suite; `reopen` is a second client, as another node has.
  describeConversationStoreContract('mongodb', async () => {
    const clients: MongoClient[] = [];
    return {
      store: createMongoConversationStore({ db: fresh.main.db }),
      reopen: async () => {
        const { client, db } = await fresh.connectAgain();
        clients.push(client);
        return createMongoConversationStore({ db });
      },
      cleanup: async () => {
        for (const client of clients) await client.close();
      },
      ...(nonAtomic === undefined ? {} : { concurrentWritesUnsupported: nonAtomic }),
    };
  });
});
