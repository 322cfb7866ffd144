import { setTimeout } from 'node:timers/promises';
import { ParleyError } from '@parley/protocol';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { isDeadlock, toStorageError } from './mysql-errors.ts';

/** Per-statement limit unless a store is given another (queries here are all index lookups). */
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;

/**
 * The two ways the stores talk to MySQL. Values always travel as parameters (`?`, arrays expand for
 * `IN (?)`); errors come out already mapped (STORAGE_UNAVAILABLE when the server is unreachable).
 */
export interface Sql {
  rows<T extends RowDataPacket>(sql: string, values?: unknown[]): Promise<T[]>;
  exec(sql: string, values?: unknown[]): Promise<ResultSetHeader>;
}

export function sqlOn(db: Pool | PoolConnection, timeoutMs: number): Sql {
  return {
    async rows<T extends RowDataPacket>(sql: string, values: unknown[] = []) {
      try {
        const [rows] = await db.query<T[]>({ sql, timeout: timeoutMs }, values);
        return rows;
      } catch (error) {
        throw toStorageError(error);
      }
    },
    async exec(sql: string, values: unknown[] = []) {
      try {
        const [result] = await db.query<ResultSetHeader>({ sql, timeout: timeoutMs }, values);
        return result;
      } catch (error) {
        throw toStorageError(error);
      }
    },
  };
}

const DEADLOCK_ATTEMPTS = 6;

/**
 * InnoDB may pick a statement or transaction as a deadlock victim when another node writes the same rows;
 * it was rolled back entirely, so running it again is safe. A random, growing pause keeps the same
 * contenders from meeting again in lockstep.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      await setTimeout(Math.random() * 10 * 2 ** attempt);
    }
  }
}

/** Runs `work` in one transaction on one connection, again when it was a deadlock victim. */
export async function withTransaction<T>(
  pool: Pool,
  timeoutMs: number,
  work: (sql: Sql) => Promise<T>,
): Promise<T> {
  return retryOnDeadlock(() => transactionOnce(pool, timeoutMs, work));
}

async function transactionOnce<T>(pool: Pool, timeoutMs: number, work: (sql: Sql) => Promise<T>): Promise<T> {
  let connection: PoolConnection;
  try {
    connection = await pool.getConnection();
  } catch (error) {
    throw toStorageError(error);
  }
  const sql = sqlOn(connection, timeoutMs);
  let broken = false;
  try {
    await sql.exec('START TRANSACTION');
    const result = await work(sql);
    await sql.exec('COMMIT');
    return result;
  } catch (error) {
    broken = error instanceof ParleyError && error.errorName === 'STORAGE_UNAVAILABLE';
    if (!broken) {
      // A failed rollback means the connection is gone, and the server rolls back on its own.
      await sql.exec('ROLLBACK').catch(() => {
        broken = true;
      });
    }
    throw error;
  } finally {
    // A connection that lost its server (or may be mid-statement after a timeout) never goes back to the pool.
    if (broken) connection.destroy();
    else connection.release();
  }
}
