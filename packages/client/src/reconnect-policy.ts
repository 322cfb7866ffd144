import { closeCodes } from '@parley/protocol';
import type { ClientErrorName } from './client-error.ts';

export interface ReconnectOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** Growth of the delay per attempt. */
  factor: number;
  /** Each delay is spread uniformly by ±jitter (0..1) of itself, so clients dropped together do not return together. */
  jitter: number;
  /** Attempts in a row before the client gives up and closes; Infinity retries forever. */
  maxAttempts: number;
}

export const defaultReconnectOptions: Readonly<ReconnectOptions> = Object.freeze({
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.2,
  maxAttempts: Number.POSITIVE_INFINITY,
});

export type BackoffOptions = Omit<ReconnectOptions, 'maxAttempts'>;

/** The delay before retry number `attempt` (from 1): exponential, capped, then jittered. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = options.initialDelayMs * options.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  const spread = capped * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(capped + spread));
}

/**
 * Close codes after which reconnecting cannot help or is not wanted: the server refused the credentials, another
 * login replaced this one, the app asked to log out, or the app or the account is gone. Everything else (1001
 * shutdown, 1006 drop, 1009, 4000 login timeout, 4003 abuse, 4005 quota, 4006 slow consumer, 4008 keepalive) is
 * retried with backoff.
 */
const terminalCloseCodes: ReadonlySet<number> = new Set([
  closeCodes.LOGIN_FAILED.code,
  closeCodes.KICKED.code,
  closeCodes.APP_UNAVAILABLE.code,
  closeCodes.LOGGED_OUT.code,
  closeCodes.ACCOUNT_DELETED.code,
]);

export function isTerminalCloseCode(code: number): boolean {
  return terminalCloseCodes.has(code);
}

/**
 * A rejected login is retried only when the server says the failure is temporary; a bad or expired UserSig, a
 * missing app or account, or an invalid request would fail the same way again.
 */
export function isRetryableLoginError(name: ClientErrorName): boolean {
  switch (name) {
    case 'INTERNAL':
    case 'STORAGE_UNAVAILABLE':
    case 'RATE_LIMITED':
    case 'CONNECTION_QUOTA_EXCEEDED':
    case 'REQUEST_TIMEOUT':
    case 'CONNECTION_LOST':
      return true;
    default:
      return false;
  }
}

/** Ops that change nothing: after a drop they are simply sent again on the next connection. */
const readOnlyOps: ReadonlySet<string> = new Set([
  'ping',
  'sync',
  'history',
  'conversations',
  'friend.list',
  'friend.check',
  'blacklist.list',
  'profile.get',
  'group.info',
  'group.joined',
  'group.applications',
  'group.members',
  'group.sync',
  'group.history',
  'group.receipts',
  'group.readers',
  'group.topic.list',
]);

export function isSafeToResend(op: string): boolean {
  return readOnlyOps.has(op);
}
