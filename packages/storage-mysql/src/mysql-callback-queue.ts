import { randomBytes } from 'node:crypto';
import {
  type CallbackQueue,
  INSERT_QUEUED_SQL,
  insertValues,
  MAX_ERROR_LENGTH,
  QUEUE_STATE_COUNTS_SQL,
  type QueueRow,
  toClaimed,
  toDeadLetter,
  toQueueStateCounts,
} from '@parley/callbacks';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { retryOnDeadlock } from './mysql-sql.ts';

export interface MysqlCallbackQueueOptions {
  pool: Pool;
  /** Per-statement limit. */
  queryTimeoutMs?: number;
}

/**
 * The callback queue in MySQL / MariaDB, shared by every node: claims are atomic across nodes. Its table is created
 * by infra/mysql/002_callback_queue.sql.
 */
export function createMysqlCallbackQueue({
  pool,
  queryTimeoutMs = 5_000,
}: MysqlCallbackQueueOptions): CallbackQueue {
  async function exec(sql: string, values: unknown[]): Promise<ResultSetHeader> {
    const [result] = await pool.query<ResultSetHeader>({ sql, timeout: queryTimeoutMs }, values);
    return result;
  }
  async function rows(sql: string, values: unknown[]): Promise<QueueRow[]> {
    const [result] = await pool.query<(QueueRow & RowDataPacket)[]>({ sql, timeout: queryTimeoutMs }, values);
    return result;
  }

  return {
    async enqueue(event) {
      await exec(INSERT_QUEUED_SQL, insertValues(event));
    },
    async claimDue(now, limit, leaseMs) {
      const token = randomBytes(16).toString('hex');
      // One statement: InnoDB locks the rows it updates, so a racing node skips what this one took.
      const claimed = await retryOnDeadlock(() =>
        exec(
          `UPDATE callback_queue SET claim_token = ?, next_attempt_at = ?
           WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
          [token, now + leaseMs, now, limit],
        ),
      );
      if (claimed.affectedRows === 0) return [];
      const found = await rows(
        `SELECT * FROM callback_queue WHERE claim_token = ? AND state = 'pending' ORDER BY id`,
        [token],
      );
      return found.map(toClaimed);
    },
    async complete(item) {
      await exec('DELETE FROM callback_queue WHERE id = ? AND claim_token = ?', [item.id, item.claimToken]);
    },
    async reschedule(item, nextAttemptAt, attempts, error) {
      await exec(
        `UPDATE callback_queue SET next_attempt_at = ?, attempts = ?, last_error = COALESCE(?, last_error),
         claim_token = NULL WHERE id = ? AND claim_token = ?`,
        [nextAttemptAt, attempts, error?.slice(0, MAX_ERROR_LENGTH) ?? null, item.id, item.claimToken],
      );
    },
    async deadLetter(item, attempts, error, now) {
      await exec(
        `UPDATE callback_queue SET state = 'dead', attempts = ?, last_error = ?, dead_at = ?, claim_token = NULL
         WHERE id = ? AND claim_token = ?`,
        [attempts, error.slice(0, MAX_ERROR_LENGTH), now, item.id, item.claimToken],
      );
    },
    async listDeadLetters(sdkAppId, { limit, beforeId }) {
      const found = await rows(
        `SELECT * FROM callback_queue WHERE sdk_app_id = ? AND state = 'dead' AND id < ? ORDER BY id DESC LIMIT ?`,
        [sdkAppId, beforeId ?? Number.MAX_SAFE_INTEGER, limit],
      );
      return found.map(toDeadLetter);
    },
    async replay(sdkAppId, id, now) {
      const result = await exec(
        `UPDATE callback_queue SET state = 'pending', attempts = 0, next_attempt_at = ?, dead_at = NULL,
         claim_token = NULL WHERE sdk_app_id = ? AND id = ? AND state = 'dead'`,
        [now, sdkAppId, id],
      );
      return result.affectedRows > 0;
    },
    async countByState() {
      const [found] = await pool.query<({ s: string; n: number | string } & RowDataPacket)[]>({
        sql: QUEUE_STATE_COUNTS_SQL,
        timeout: queryTimeoutMs,
      });
      return toQueueStateCounts(found);
    },
    async count(sdkAppId) {
      const [found] = await pool.query<({ state: string; n: number | string } & RowDataPacket)[]>(
        {
          sql: 'SELECT state, COUNT(*) AS n FROM callback_queue WHERE sdk_app_id = ? GROUP BY state',
          timeout: queryTimeoutMs,
        },
        [sdkAppId],
      );
      return {
        pending: Number(found.find((row) => row.state === 'pending')?.n ?? 0),
        dead: Number(found.find((row) => row.state === 'dead')?.n ?? 0),
      };
    },
    async deleteApp(sdkAppId) {
      return (await exec('DELETE FROM callback_queue WHERE sdk_app_id = ?', [sdkAppId])).affectedRows;
    },
  };
}
