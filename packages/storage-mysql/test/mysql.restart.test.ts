import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AppConfig } from '@parley/app-config';
import { ParleyError } from '@parley/protocol';
import { realServiceUrl } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMysqlAccountStore, createMysqlAppStore, createMysqlRelationStore } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.ts';

const url = realServiceUrl('mysql');
const MARIADB_SCRIPT = fileURLToPath(new URL('../../../infra/local/mariadb.sh', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Far above the 3 s connect timeout: a call still pending by then would hang forever. */
const CALL_DEADLINE_MS = 15_000;

async function mariadb(action: 'start' | 'stop'): Promise<void> {
  await promisify(execFile)('bash', [MARIADB_SCRIPT, action], { cwd: REPO_ROOT, timeout: 150_000 });
}

async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the call did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function expectUnavailable(call: () => Promise<unknown>): Promise<void> {
  const error = await settleWithin(
    call().then(
      () => undefined,
      (e: unknown) => e,
    ),
    CALL_DEADLINE_MS,
  );
  expect(error).toBeInstanceOf(ParleyError);
  expect(error).toMatchObject({ errorName: 'STORAGE_UNAVAILABLE' });
}

async function waitUntilAnswering(ping: () => Promise<void>): Promise<void> {
  const giveUpAt = Date.now() + 90_000;
  for (;;) {
    try {
      return await ping();
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Stops the shared MariaDB: vitest runs *.restart.test.ts files alone, after everything else.
describe.skipIf(!url)('MySQL adapters across a server restart', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(url ?? '');
  });
  afterAll(async () => {
    // Whatever happened above, leave the service running for whoever comes next.
    await mariadb('start');
    await database?.drop();
  });

  it('fail with STORAGE_UNAVAILABLE while down, then work again on the same instances, losing nothing', async () => {
    const { pool } = database;
    const apps = createMysqlAppStore({ pool });
    const accounts = createMysqlAccountStore({ pool });
    const relations = createMysqlRelationStore({ pool });

    const app = await apps.insert(() => ({
      status: 'active',
      sealedSecretKey: 'sealed',
      config: { marker: 'before restart' } as unknown as AppConfig,
      revision: 1,
      createdAt: 1,
      updatedAt: 1,
      terminatedAt: null,
      purgeAt: null,
    }));
    const acknowledged = await apps.update(app.sdkAppId, 1, { status: 'disabled', updatedAt: 2 });
    const id = app.sdkAppId;
    await accounts.importAccounts(id, [{ userId: 'a', nick: 'A' }, { userId: 'b' }], 1);
    await relations.addFriends(id, 'a', 'b', 1);
    await relations.addToBlacklist(id, 'b', ['c'], 1);

    // The restart, split in two so the outage can be observed for as long as needed.
    await mariadb('stop');
    try {
      await expectUnavailable(() => apps.ping());
      await expectUnavailable(() => apps.get(id));
      await expectUnavailable(() =>
        apps.update(id, acknowledged.revision, { status: 'active', updatedAt: 3 }),
      );
      await expectUnavailable(() => accounts.importAccounts(id, [{ userId: 'lost' }], 3));
      await expectUnavailable(() => accounts.delete(id, ['a']));
      await expectUnavailable(() => relations.addFriends(id, 'a', 'c', 3));
      await expectUnavailable(() => relations.isBlocked(id, 'b', 'c'));
    } finally {
      await mariadb('start');
    }
    await waitUntilAnswering(() => apps.ping());

    expect(await apps.get(id)).toEqual(acknowledged);
    expect(await accounts.get(id, 'a')).toMatchObject({ nick: 'A' });
    expect(await accounts.count(id)).toBe(2);
    expect(await relations.areFriends(id, 'b', 'a')).toBe(true);
    expect(await relations.isBlocked(id, 'b', 'c')).toBe(true);

    // The same instances write again.
    expect(await apps.update(id, acknowledged.revision, { status: 'active', updatedAt: 4 })).toMatchObject({
      revision: acknowledged.revision + 1,
    });
    expect(await accounts.importAccounts(id, [{ userId: 'after' }], 4)).toEqual({
      created: ['after'],
      existing: [],
    });
    await relations.addFriends(id, 'a', 'after', 4);
    expect(await relations.areFriends(id, 'after', 'a')).toBe(true);
  }, 300_000);
});
