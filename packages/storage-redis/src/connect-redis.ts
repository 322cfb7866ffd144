import { Redis } from 'ioredis';

export interface ConnectRedisOptions {
  /** How long one connection attempt may take. */
  connectTimeoutMs?: number;
  /** How long a command may wait for its reply, queued or sent, before it fails (as STORAGE_UNAVAILABLE). */
  commandTimeoutMs?: number;
  /** Shown in CLIENT LIST, to tell the publisher from the subscriber. */
  connectionName?: string;
  /** Receives connection-level errors (the client reconnects on its own; failed calls throw anyway). */
  onError?: (error: Error) => void;
}

const RECONNECT_CAP_MS = 1_000;

/**
 * Builds an ioredis client that fails fast and heals itself: while Redis is down, a call waits at most
 * `commandTimeoutMs` (or one failed reconnect attempt) and then fails; the client keeps reconnecting forever and
 * resubscribes its channels. The caller owns the client and quits it; adapters built on it never do.
 * Pub/sub needs a client of its own: call this twice.
 */
export function connectRedis(url: string, options: ConnectRedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: options.connectionName,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 3_000,
    // Commands issued while disconnected are queued (so a brief blip is absorbed) but flushed with an error
    // after one failed reconnect attempt, and each still has its commandTimeout: nothing hangs.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, RECONNECT_CAP_MS),
    autoResubscribe: true,
  });
  const onError = options.onError ?? (() => {});
  // Without a listener ioredis prints every refused reconnect attempt to the console.
  redis.on('error', onError);
  return redis;
}
