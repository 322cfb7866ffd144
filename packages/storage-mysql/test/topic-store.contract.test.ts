import { realServiceUrl } from '@parley/testing';
import { describeTopicStoreContract } from '@parley/testing/contracts/topic-store-contract.ts';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMysqlTopicStore } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const url = realServiceUrl('mysql');

describe.skipIf(!url)('mysql', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(url ?? '');
  });
  afterAll(async () => {
    await database?.drop();
  });

  // Every test uses fresh SDKAppIDs, so one database serves the whole file.
  describeTopicStoreContract('mysql', async () => ({
    store: createMysqlTopicStore({ pool: database.pool }),
    cleanup: async () => {},
  }));
});
