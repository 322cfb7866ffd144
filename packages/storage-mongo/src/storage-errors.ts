import { ParleyError } from '@parley/protocol';
import {
  MongoError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';

/** Server error codes that mean "not available right now" (shutdown, failover, not primary, time limit). */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * Codes of Node's socket errors. The driver lets some through unwrapped: a write on a pooled connection whose server
 * has just shut down fails with Node's own EPIPE "This socket has been ended by the other party", not a
 * MongoNetworkError (seen in the cluster failover test, when FerretDB stopped under load).
 */
const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
]);

function isSocketError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof MongoError) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
}

function isUnavailable(error: unknown): boolean {
  if (
    isSocketError(error) ||
    error instanceof MongoNetworkError || // includes MongoNetworkTimeoutError (socketTimeoutMS)
    error instanceof MongoServerSelectionError || // no reachable server within serverSelectionTimeoutMS
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoWriteConcernError
  ) {
    return true;
  }
  return error instanceof MongoError && typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}

/** E11000: an insert or upsert hit a unique index. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoError && error.code === 11000;
}

/**
 * A connection that broke under the call (a pooled connection the server closed when it restarted, a reset), as
 * opposed to a server that does not answer in time: worth one immediate retry, on a fresh connection.
 */
export function isBrokenConnection(error: unknown): boolean {
  return (
    isSocketError(error) ||
    (error instanceof MongoNetworkError && !(error instanceof MongoNetworkTimeoutError))
  );
}

export interface MongoCallOptions {
  /**
   * The call may run twice: retry it once after a broken connection. Only for writes that are no-ops when
   * repeated (the driver already retries reads; MongoDB replica sets also retry writes, FerretDB does not).
   */
  idempotent?: boolean;
}

/**
 * Runs MongoDB calls, turning outages and timeouts into STORAGE_UNAVAILABLE. Anything else (a bug, a rejected
 * query) is rethrown unchanged so it is not mistaken for an outage.
 */
export async function mongoCall<T>(call: () => Promise<T>, options: MongoCallOptions = {}): Promise<T> {
  try {
    try {
      return await call();
    } catch (error) {
      if (!options.idempotent || !isBrokenConnection(error)) throw error;
      return await call();
    }
  } catch (error) {
    if (error instanceof ParleyError || !isUnavailable(error)) throw error;
    throw new ParleyError('STORAGE_UNAVAILABLE', { detail: '(mongodb)', cause: error });
  }
}
