import { createMongoGroupMessageLog, createMongoMessageStore } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { describeGroupMessageLogContract } from '@parley/testing/contracts/group-message-log-contract.ts';
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';

const url = realServiceUrl('mongo');

describe.skipIf(!url)('MongoGroupMessageLog', () => {
  let fresh: FreshMongoDb;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // Every test gets its own sdkAppIds from the suite; `reopen` is a second client, as another node has.
  describeGroupMessageLogContract('mongodb', async () => {
    const { db } = fresh.main;
    const messages = createMongoMessageStore({ db });
    const clients: MongoClient[] = [];
    return {
      log: createMongoGroupMessageLog({ db, messages }),
      messages,
      reopen: async () => {
        const { client, db: again } = await fresh.connectAgain();
        clients.push(client);
        return createMongoGroupMessageLog({ db: again, messages: createMongoMessageStore({ db: again }) });
      },
      cleanup: async () => {
        for (const client of clients) await client.close();
      },
    };
  });
});
