import { ParleyError } from '@parley/protocol';

/** Codes meaning "the server cannot be reached or cannot serve now", not "the request is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ER_OPTION_PREVENTS_STATEMENT',
]);

/** The same by server errno, for codes mysql2 has no name for (MariaDB-specific ones among them). */
const UNAVAILABLE_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR
  1053, // ER_SERVER_SHUTDOWN
  1203, // ER_TOO_MANY_USER_CONNECTIONS
  1205, // ER_LOCK_WAIT_TIMEOUT
  1290, // ER_OPTION_PREVENTS_STATEMENT (read-only during a failover)
  1317, // ER_QUERY_INTERRUPTED
  1836, // ER_READ_ONLY_MODE
  1927, // MariaDB ER_CONNECTION_KILLED
  1969, // MariaDB ER_STATEMENT_TIMEOUT
  3024, // MySQL ER_QUERY_TIMEOUT
  4031, // MySQL ER_CLIENT_INTERACTION_TIMEOUT
]);

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
}

export function isUnavailableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno, fatal } = error as DriverError;
  // mysql2 marks every error that killed the connection as fatal.
  if (fatal === true) return true;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return typeof errno === 'number' && UNAVAILABLE_ERRNOS.has(errno);
}

/** ER_LOCK_DEADLOCK: InnoDB rolled the transaction back; running it again is safe. */
export function isDeadlock(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno } = error as DriverError;
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213;
}

/** Rethrows driver errors in the catalogue's terms: connectivity problems become STORAGE_UNAVAILABLE. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof ParleyError) return error;
  if (isUnavailableError(error)) return new ParleyError('STORAGE_UNAVAILABLE', { cause: error });
  return error;
}

/** ER_DUP_ENTRY: the row's key is taken; only the statement failed, the transaction goes on. */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errno } = error as DriverError;
  return code === 'ER_DUP_ENTRY' || errno === 1062;
}
