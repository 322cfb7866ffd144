import { createServer } from 'node:net';
import type { AppConfig, NewAppRecord } from '@parley/app-config';
import { ParleyError } from '@parley/protocol';
import { realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMysql,
  createMysqlAccountStore,
  createMysqlAppStore,
  createMysqlRelationStore,
} from '../src/index.ts';
import { isUnavailableError } from '../src/mysql-errors.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const newApp = (): NewAppRecord => ({
  status: 'active',
  sealedSecretKey: 'sealed',
  // Opaque to the store.
  config: { marker: 'x' } as unknown as AppConfig,
  revision: 1,
  createdAt: 1,
  updatedAt: 1,
  terminatedAt: null,
  purgeAt: null,
});

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParleyError);
  expect(error).toMatchObject({ errorName: 'STORAGE_UNAVAILABLE' });
}

/** A port on which nothing listens: take a free one and close it again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('isUnavailableError', () => {
  it('knows connection failures from request errors', () => {
    for (const code of ['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'ER_CON_COUNT_ERROR']) {
      expect(isUnavailableError({ code })).toBe(true);
    }
    expect(isUnavailableError({ errno: 1927 })).toBe(true);
    expect(isUnavailableError({ code: 'ER_SOMETHING', fatal: true })).toBe(true);
    expect(isUnavailableError({ code: 'ER_DUP_ENTRY', errno: 1062 })).toBe(false);
    expect(isUnavailableError({ code: 'ER_PARSE_ERROR', errno: 1064 })).toBe(false);
    expect(isUnavailableError(new Error('plain'))).toBe(false);
  });
});

describe('stores when no server listens', () => {
  it('every kind of call fails with STORAGE_UNAVAILABLE', async () => {
    const pool = connectMysql(`mysql://parley:parley@127.0.0.1:${await closedPort()}/parley`);
    try {
      const apps = createMysqlAppStore({ pool });
      const accounts = createMysqlAccountStore({ pool });
      const relations = createMysqlRelationStore({ pool });
      await expectUnavailable(apps.ping());
      await expectUnavailable(apps.get(1_400_000_000));
      await expectUnavailable(apps.insert(newApp));
      await expectUnavailable(apps.update(1_400_000_000, 1, { updatedAt: 1 }));
      await expectUnavailable(accounts.importAccounts(1, [{ userId: 'a' }], 1));
      await expectUnavailable(accounts.delete(1, ['a']));
      await expectUnavailable(relations.addFriends(1, 'a', 'b', 1));
      await expectUnavailable(relations.listFriends(1, 'a'));
    } finally {
      await pool.end();
    }
  });
});

const url = realServiceUrl('mysql');

describe.skipIf(!url)('stores when the server stalls', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(url ?? '');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('a statement stuck behind a lock fails with STORAGE_UNAVAILABLE, and the store recovers', async () => {
    const apps = createMysqlAppStore({ pool: database.pool, queryTimeoutMs: 300 });
    const app = await apps.insert(newApp);
    const holder = await database.pool.getConnection();
    try {
      await holder.query('START TRANSACTION');
      await holder.query('SELECT * FROM apps WHERE sdk_app_id = ? FOR UPDATE', [app.sdkAppId]);
      // InnoDB would wait 50 s for the lock; the store gives up after its query timeout.
      await expectUnavailable(apps.update(app.sdkAppId, 1, { status: 'disabled', updatedAt: 2 }));
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    const updated = await apps.update(app.sdkAppId, 1, { status: 'disabled', updatedAt: 3 });
    expect(updated).toMatchObject({ status: 'disabled', revision: 2, updatedAt: 3 });
  });
});
