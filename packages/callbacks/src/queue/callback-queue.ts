import type { CallbackEvent } from '@parley/app-config';
import type { OptPlatform } from '../tencent/opt-platform.ts';

/** An after-event to deliver: what the request needs, captured when the event happened. */
export interface NewQueuedCallback {
  sdkAppId: number;
  command: CallbackEvent;
  clientIp: string;
  optPlatform: OptPlatform;
  /** The JSON body with Tencent's field names. */
  body: object;
  /** ms; also when it is first due. */
  createdAt: number;
}

/** A due event handed to one dispatcher; `claimToken` proves the claim when reporting on it. */
export interface ClaimedCallback extends NewQueuedCallback {
  id: number;
  /** Failed attempts so far. */
  attempts: number;
  claimToken: string;
}

export interface DeadLetter extends NewQueuedCallback {
  id: number;
  attempts: number;
  lastError: string;
  deadAt: number;
}

/**
 * The durable queue of after-events (after-send, after-recall, state change, Sns, group after-events). Adapters: SQLite (the
 * embedded default, sharing its file) and MySQL. At-least-once: an event claimed by a process that dies becomes
 * due again when the claim's lease ends. IDs are never reused.
 */
export interface CallbackQueue {
  /** Stores the event; resolves once it is durable. */
  enqueue(event: NewQueuedCallback): Promise<void>;
  /**
   * Atomically claims up to `limit` events due at `now` (oldest due first), hiding them from other claimers
   * until `now + leaseMs`.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedCallback[]>;
  /** Delivered, or no longer wanted (callbacks switched off, app gone): removes it. */
  complete(claim: ClaimedCallback): Promise<void>;
  /** Due again at `nextAttemptAt`, with the given failed-attempt count and the last error (if one). */
  reschedule(claim: ClaimedCallback, nextAttemptAt: number, attempts: number, error?: string): Promise<void>;
  /** Gives up: keeps it as a dead letter until replayed or the app is deleted. */
  deadLetter(claim: ClaimedCallback, attempts: number, error: string, now: number): Promise<void>;
  /** The app's dead letters, newest first; `beforeId` pages. */
  listDeadLetters(sdkAppId: number, options: { limit: number; beforeId?: number }): Promise<DeadLetter[]>;
  /** Makes a dead letter due now with its attempts reset. False when the app has no dead letter with this id. */
  replay(sdkAppId: number, id: number, now: number): Promise<boolean>;
  /** Events of the app not yet delivered (pending and dead). */
  count(sdkAppId: number): Promise<{ pending: number; dead: number }>;
  /** Every app's events by delivery state (metrics): never tried, failed at least once and still due, given up. */
  countByState(): Promise<QueueStateCounts>;
  /** Purge of a terminated app. Returns how many events were deleted. */
  deleteApp(sdkAppId: number): Promise<number>;
}

export interface QueueStateCounts {
  pending: number;
  retrying: number;
  dead: number;
}
