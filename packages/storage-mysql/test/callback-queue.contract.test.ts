import { randomBytes } from 'node:crypto';
import { realServiceUrl } from '@parley/testing';
import { describeCallbackQueueContract } from '@parley/testing/contracts/callback-queue-contract.ts';
import { createPool, type Pool } from 'mysql2/promise';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMysqlCallbackQueue, runMysqlMigrations } from '../src/index.ts';

const url = realServiceUrl('mysql');

describe.skipIf(!url)('mysql', () => {
  // A database of this file's own; the parley user may create `parley%` databases.
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  let pool: Pool;
  let peerPool: Pool;

  beforeAll(async () => {
    const admin = createPool({ uri: url ?? '', connectionLimit: 1 });
    try {
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    } finally {
      await admin.end();
    }
    const databaseUrl = new URL(url ?? '');
    databaseUrl.pathname = `/${name}`;
    pool = createPool({ uri: databaseUrl.toString(), connectionLimit: 4 });
    await runMysqlMigrations(pool);
    // Another node's pool on the same database.
    peerPool = createPool({ uri: databaseUrl.toString(), connectionLimit: 4 });
  });
  afterAll(async () => {
    await peerPool?.end();
    if (pool) {
      await pool.query(`DROP DATABASE \`${name}\``);
      await pool.end();
    }
  });

  // Claims span every app, so each test starts from an empty table.
  describeCallbackQueueContract('mysql', async () => ({
    queue: createMysqlCallbackQueue({ pool }),
    peer: createMysqlCallbackQueue({ pool: peerPool }),
    cleanup: async () => {
      await pool.query('DELETE FROM callback_queue');
    },
  }));
});
