import { realServiceUrl } from '@parley/testing';
import { describeAccountStoreContract } from '@parley/testing/contracts/account-store-contract.ts';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectMysql, createMysqlAccountStore, createMysqlRelationStore } from '../src/index.ts';
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

  // Every test uses fresh SDKAppIDs, so one database serves the whole file.
  describeAccountStoreContract('mysql', async () => ({
    store: createMysqlAccountStore({ pool: database.pool }),
    relations: createMysqlRelationStore({ pool: database.pool }),
    peer: createMysqlAccountStore({ pool: peerPool }),
    cleanup: async () => {},
  }));
});
