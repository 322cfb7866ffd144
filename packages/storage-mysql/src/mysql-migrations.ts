import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { connectMysql } from './connect-mysql.ts';
import { sqlOn } from './mysql-sql.ts';

/** `<repo>/infra/mysql`: numbered migrations, `001_init.sql`, `002_….sql`, … */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../infra/mysql/', import.meta.url));

const MIGRATION_FILE = /^(\d+)_[\w-]+\.sql$/;
/** DDL on a big table may take minutes; ordinary store timeouts do not apply here. */
const MIGRATION_TIMEOUT_MS = 15 * 60_000;
const LOCK_WAIT_SECONDS = 60;

interface Migration {
  version: string;
  statements: string[];
  checksum: string;
}

interface AppliedRow extends RowDataPacket {
  version: string;
  checksum: string;
}

interface LockRow extends RowDataPacket {
  locked: number | null;
}

/**
 * Applies, in order, every migration of `dir` not yet recorded in `schema_migrations`, recording each one.
 * Idempotent; safe when several nodes start at once (a named lock lets one migrate while the others wait).
 * Refuses to run when an applied migration's file has changed since: migrations are append-only.
 * Returns the versions applied by this call.
 */
export async function runMysqlMigrations(
  pool: Pool,
  dir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const connection = await pool.getConnection();
  const sql = sqlOn(connection, MIGRATION_TIMEOUT_MS);
  // The lock is server-wide, so its name carries the database: test databases migrate in parallel.
  const lockName = "CONCAT('parley_migrate_', LEFT(SHA1(DATABASE()), 40))";
  try {
    const [lock] = await sql.rows<LockRow>(`SELECT GET_LOCK(${lockName}, ?) AS locked`, [LOCK_WAIT_SECONDS]);
    if (lock?.locked !== 1) throw new Error('Another process has held the migration lock for too long.');
    try {
      await sql.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version VARCHAR(255) CHARACTER SET ascii NOT NULL,
           checksum CHAR(64) CHARACTER SET ascii NOT NULL,
           applied_at BIGINT NOT NULL,
           PRIMARY KEY (version)
         ) ENGINE = InnoDB`,
      );
      const applied = new Map(
        (await sql.rows<AppliedRow>('SELECT version, checksum FROM schema_migrations')).map((row) => [
          row.version,
          row.checksum,
        ]),
      );
      const done: string[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(
              `Migration ${migration.version} changed after it was applied; add a new one instead.`,
            );
          }
          continue;
        }
        // MySQL commits DDL implicitly, so a migration is not atomic: write statements that can be re-run.
        for (const statement of migration.statements) await sql.exec(statement);
        await sql.exec('INSERT INTO schema_migrations (version, checksum, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.checksum,
          Date.now(),
        ]);
        done.push(migration.version);
      }
      return done;
    } finally {
      await sql.rows(`SELECT RELEASE_LOCK(${lockName})`).catch(() => undefined);
    }
  } finally {
    connection.release();
  }
}

/** `npm run migrate`: connects, migrates, disconnects. Returns the versions applied. */
export async function migrate(url: string, dir: string = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  const pool = connectMysql(url, { connectionLimit: 1, connectTimeoutMs: 10_000 });
  try {
    return await runMysqlMigrations(pool, dir);
  } finally {
    await pool.end();
  }
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name));
  const byNumber = (name: string) => Number(MIGRATION_FILE.exec(name)?.[1]);
  names.sort((a, b) => byNumber(a) - byNumber(b) || a.localeCompare(b));
  const numbers = names.map(byNumber);
  if (new Set(numbers).size !== numbers.length) throw new Error(`Two migrations in ${dir} share a number.`);
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      return {
        version: name.replace(/\.sql$/, ''),
        statements: splitStatements(text),
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    }),
  );
}

/** Statements end with `;` at the end of a line; whole-line `--` comments are dropped. */
export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n');
  return withoutComments
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
