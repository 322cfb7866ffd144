import { realServiceUrl } from '@parley/testing';
import { describeAppStoreContract } from '@parley/testing/contracts/app-store-contract.ts';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectMysql, createMysqlAppStore } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const url = realServiceUrl('mysql');

describe.skipIf(!url)('mysql', () => {
  let database: TestDatabase;
  // A second pool plays another node racing this one.
  let peerPool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase(url ?? '');
    peerPool = connectMysql(database.url);
  });
  afterAll(async () => {
    await peerPool?.end();
    await database?.drop();
  });

  describeAppStoreContract('mysql', async () => ({
    store: createMysqlAppStore({ pool: database.pool }),
    peer: createMysqlAppStore({ pool: peerPool }),
    cleanup: async () => {},
  }));
});
