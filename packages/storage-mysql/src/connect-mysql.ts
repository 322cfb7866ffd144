import { createPool, type Pool } from 'mysql2/promise';

export interface ConnectMysqlOptions {
  /** Connections per process (default 10). Each gateway/admin node holds its own pool. */
  connectionLimit?: number;
  /** How long opening one connection may take before the call fails (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Idle connections beyond need are closed after this long (default 60000 ms). */
  idleTimeoutMs?: number;
}

/**
 * Every session runs in strict mode with a known time zone, whatever the server's defaults: an over-long
 * value must fail loudly, never be truncated. The values exist on MySQL 8 and MariaDB alike.
 */
const SESSION_SETUP =
  "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'";

/**
 * A mysql2 pool for `mysql://user:pass@host:port/database`. The pool reconnects by itself after the server
 * restarts; connection attempts are bounded so a dead server surfaces as an error, not a hang.
 */
export function connectMysql(url: string, options: ConnectMysqlOptions = {}): Pool {
  const pool = createPool({
    uri: url,
    connectionLimit: options.connectionLimit ?? 10,
    maxIdle: Math.min(4, options.connectionLimit ?? 10),
    idleTimeout: options.idleTimeoutMs ?? 60_000,
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    waitForConnections: true,
    // Keep-alive probes find half-open connections (e.g. after a failover) before a query hangs on them.
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    // Timestamps are stored as epoch milliseconds in BIGINT; they fit in a JS number.
    supportBigNumbers: false,
    multipleStatements: false,
  });
  pool.pool.on('connection', (connection) => {
    // A broken connection fails the caller's first query anyway, so this callback has nothing to add.
    connection.query(SESSION_SETUP, () => {});
  });
  return pool;
}
