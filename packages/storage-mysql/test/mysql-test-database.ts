import { randomBytes } from 'node:crypto';
import type { Pool } from 'mysql2/promise';
import { connectMysql, runMysqlMigrations } from '../src/index.ts';

export interface TestDatabase {
  name: string;
  url: string;
  /** A pool on the new database; more can be opened with `connectMysql(url)`. */
  pool: Pool;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file (`parley_test_<random>`; the parley user may create `parley%`),
 * so test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(
  baseUrl: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = connectMysql(baseUrl, { connectionLimit: 1 });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = connectMysql(url.toString());
  if (options.migrate ?? true) await runMysqlMigrations(pool);
  return {
    name,
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const cleanup = connectMysql(baseUrl, { connectionLimit: 1 });
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await cleanup.end();
      }
    },
  };
}
