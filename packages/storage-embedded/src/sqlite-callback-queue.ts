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
import type Database from 'better-sqlite3';

/**
 * The callback queue in a SQLite database (the embedded default's file; its table is created by the
 * embedded migrations). AUTOINCREMENT so a replayed dead letter's id can never name a newer event.
 */
export function createSqliteCallbackQueue({ db }: { db: Database.Database }): CallbackQueue {
  const s = {
    insert: db.prepare(INSERT_QUEUED_SQL),
    due: db.prepare(
      `SELECT id FROM callback_queue WHERE state = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    lease: db.prepare('UPDATE callback_queue SET claim_token = ?, next_attempt_at = ? WHERE id = ?'),
    claimed: db.prepare(
      `SELECT * FROM callback_queue WHERE claim_token = ? AND state = 'pending' ORDER BY id`,
    ),
    complete: db.prepare('DELETE FROM callback_queue WHERE id = ? AND claim_token = ?'),
    reschedule: db.prepare(
      `UPDATE callback_queue SET next_attempt_at = ?, attempts = ?, last_error = COALESCE(?, last_error),
       claim_token = NULL WHERE id = ? AND claim_token = ?`,
    ),
    dead: db.prepare(
      `UPDATE callback_queue SET state = 'dead', attempts = ?, last_error = ?, dead_at = ?, claim_token = NULL
       WHERE id = ? AND claim_token = ?`,
    ),
    listDead: db.prepare(
      `SELECT * FROM callback_queue WHERE sdk_app_id = ? AND state = 'dead' AND id < ? ORDER BY id DESC LIMIT ?`,
    ),
    replay: db.prepare(
      `UPDATE callback_queue SET state = 'pending', attempts = 0, next_attempt_at = ?, dead_at = NULL,
       claim_token = NULL WHERE sdk_app_id = ? AND id = ? AND state = 'dead'`,
    ),
    stateCounts: db.prepare(QUEUE_STATE_COUNTS_SQL),
    count: db.prepare('SELECT state, COUNT(*) AS n FROM callback_queue WHERE sdk_app_id = ? GROUP BY state'),
    deleteApp: db.prepare('DELETE FROM callback_queue WHERE sdk_app_id = ?'),
  };
  // IMMEDIATE takes the write lock first, so two processes on one file never claim the same rows.
  const claim = db.transaction((now: number, limit: number, leaseMs: number) => {
    const token = randomBytes(16).toString('hex');
    const ids = s.due.all(now, limit) as { id: number }[];
    for (const { id } of ids) s.lease.run(token, now + leaseMs, id);
    return ids.length === 0 ? [] : (s.claimed.all(token) as QueueRow[]).map(toClaimed);
  });

  return {
    async enqueue(event) {
      s.insert.run(...insertValues(event));
    },
    async claimDue(now, limit, leaseMs) {
      return claim.immediate(now, limit, leaseMs);
    },
    async complete(item) {
      s.complete.run(item.id, item.claimToken);
    },
    async reschedule(item, nextAttemptAt, attempts, error) {
      s.reschedule.run(
        nextAttemptAt,
        attempts,
        error?.slice(0, MAX_ERROR_LENGTH) ?? null,
        item.id,
        item.claimToken,
      );
    },
    async deadLetter(item, attempts, error, now) {
      s.dead.run(attempts, error.slice(0, MAX_ERROR_LENGTH), now, item.id, item.claimToken);
    },
    async listDeadLetters(sdkAppId, { limit, beforeId }) {
      const rows = s.listDead.all(sdkAppId, beforeId ?? Number.MAX_SAFE_INTEGER, limit) as QueueRow[];
      return rows.map(toDeadLetter);
    },
    async replay(sdkAppId, id, now) {
      return s.replay.run(now, sdkAppId, id).changes > 0;
    },
    async count(sdkAppId) {
      const rows = s.count.all(sdkAppId) as { state: string; n: number }[];
      return {
        pending: rows.find((row) => row.state === 'pending')?.n ?? 0,
        dead: rows.find((row) => row.state === 'dead')?.n ?? 0,
      };
    },
    async countByState() {
      return toQueueStateCounts(s.stateCounts.all() as { s: string; n: number }[]);
    },
    async deleteApp(sdkAppId) {
      return s.deleteApp.run(sdkAppId).changes;
    },
  };
}
