import { createMongoMessageStore } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { describeMessageBodyContract } from '@parley/testing/contracts/message-body-contract.ts';
import {
  describeMessageStoreContract,
  type MessageStoreContext,
} from '@parley/testing/contracts/message-store-contract.ts';
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';

const url = realServiceUrl('mongo');

describe.skipIf(!url)('MongoMessageStore', () => {
  let fresh: FreshMongoDb;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // Every test gets its own sdkAppIds from the suite; `reopen` is a second client, as another node has.
  const context = async (): Promise<MessageStoreContext> => {
    const clients: MongoClient[] = [];
    return {
      store: createMongoMessageStore({ db: fresh.main.db }),
      reopen: async () => {
        const { client, db } = await fresh.connectAgain();
        clients.push(client);
        return createMongoMessageStore({ db });
      },
      cleanup: async () => {
        for (const client of clients) await client.close();
      },
    };
  };
  describeMessageStoreContract('mongodb', context);
  describeMessageBodyContract('mongodb', context);
});
