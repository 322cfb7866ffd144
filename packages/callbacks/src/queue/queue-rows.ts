import type { CallbackEvent } from '@parley/app-config';
import type { OptPlatform } from '../tencent/opt-platform.ts';
import type { ClaimedCallback, DeadLetter, NewQueuedCallback, QueueStateCounts } from './callback-queue.ts';

/** A `callback_queue` row as both adapters read it (MySQL BIGINTs arrive as numbers or strings). */
export interface QueueRow {
  id: number | string;
  sdk_app_id: number | string;
  command: string;
  client_ip: string;
  opt_platform: string;
  body: string;
  attempts: number;
  claim_token: string | null;
  last_error: string | null;
  created_at: number | string;
  dead_at: number | string | null;
}

/** Longest error text kept with an event. */
export const MAX_ERROR_LENGTH = 500;

function base(row: QueueRow) {
  return {
    id: Number(row.id),
    sdkAppId: Number(row.sdk_app_id),
    // Written by this package only, from the CallbackEvent and OptPlatform unions.
    command: row.command as CallbackEvent,
    clientIp: row.client_ip,
    optPlatform: row.opt_platform as OptPlatform,
    body: JSON.parse(row.body) as object,
    createdAt: Number(row.created_at),
    attempts: Number(row.attempts),
  };
}

export function toClaimed(row: QueueRow): ClaimedCallback {
  return { ...base(row), claimToken: row.claim_token ?? '' };
}

export function toDeadLetter(row: QueueRow): DeadLetter {
  return { ...base(row), lastError: row.last_error ?? '', deadAt: Number(row.dead_at ?? 0) };
}

/** The INSERT of a queued event, due at once; both SQL adapters bind `insertValues` to it. */
export const INSERT_QUEUED_SQL = `INSERT INTO callback_queue
  (sdk_app_id, command, client_ip, opt_platform, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** The values of a queued event's INSERT, in the column order of INSERT_QUEUED_SQL. */
export function insertValues(
  event: NewQueuedCallback,
): [number, string, string, string, string, number, number] {
  return [
    event.sdkAppId,
    event.command,
    event.clientIp,
    event.optPlatform,
    JSON.stringify(event.body),
    event.createdAt,
    event.createdAt,
  ];
}

/** Grouping of `countByState`, the same SQL on every SQL backend. */
export const QUEUE_STATE_COUNTS_SQL = `SELECT CASE WHEN state = 'dead' THEN 'dead' WHEN attempts > 0 THEN 'retrying'
  ELSE 'pending' END AS s, COUNT(*) AS n FROM callback_queue GROUP BY s`;

/** The counts from `QUEUE_STATE_COUNTS_SQL` rows. */
export function toQueueStateCounts(rows: readonly { s: string; n: number | string }[]): QueueStateCounts {
  const counts: QueueStateCounts = { pending: 0, retrying: 0, dead: 0 };
  for (const row of rows) if (row.s in counts) counts[row.s as keyof QueueStateCounts] = Number(row.n);
  return counts;
}
