import {
  createMongoConversationStore,
  createMongoMessageLog,
  createMongoMessageStore,
} from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { describeMessageLogContract } from '@parley/testing/contracts/message-log-contract.ts';
import { afterAll, beforeAll, describe } from 'vitest';
import { type FreshMongoDb, openFreshMongoDb } from './fresh-mongo-db.ts';
import { nonAtomicUpdatesReason } from './non-atomic-updates.ts';

const url = realServiceUrl('mongo');

describe.skipIf(!url)('MongoMessageLog', () => {
  let fresh: FreshMongoDb;
  let nonAtomic: string | undefined;
  beforeAll(async () => {
    fresh = await openFreshMongoDb(url ?? '');
    nonAtomic = await nonAtomicUpdatesReason(fresh.main.db);
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // Every test gets its own sdkAppIds from the suite.
  describeMessageLogContract('mongodb', async () => {
    const messages = createMongoMessageStore({ db: fresh.main.db });
    const conversations = createMongoConversationStore({ db: fresh.main.db });
    return {
      log: createMongoMessageLog({ messages, conversations }),
      messages,
      conversations,
      cleanup: async () => {},
      ...(nonAtomic === undefined ? {} : { concurrentWritesUnsupported: nonAtomic }),
    };
  });
});
