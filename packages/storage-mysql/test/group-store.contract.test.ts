import { realServiceUrl } from '@parley/testing';
import { describeGroupStoreContract } from '@parley/testing/contracts/group-store-contract.ts';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectMysql, createMysqlGroupStore } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const url = realServiceUrl('mysql');

describe.skipIf(!url)('mysql', () => {
  let database: TestDatabase;
  // A second pool plays another node racing this one (the concurrent addMembers test).
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
  describeGroupStoreContract('mysql', async () => ({
    store: createMysqlGroupStore({ pool: database.pool }),
    peer: createMysqlGroupStore({ pool: peerPool }),
    cleanup: async () => {},
  }));
});
