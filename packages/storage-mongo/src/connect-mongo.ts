import { type Db, MongoClient } from 'mongodb';
import { watchMonitorStalls } from './monitor-stall-watchdog.ts';
import { mongoCall } from './storage-errors.ts';

export interface ConnectMongoOptions {
  /** Database name; defaults to the one in the URL path, else `parley`. */
  dbName?: string;
  /** How long a call waits for a reachable server before failing with STORAGE_UNAVAILABLE. */
  serverSelectionTimeoutMs?: number;
  /** How long opening one connection may take. */
  connectTimeoutMs?: number;
  /** How long a sent command may wait for its reply (a hung server, not a down one). */
  socketTimeoutMs?: number;
  /** Told when the client was reconnected because its server monitor was stuck (monitor-stall-watchdog.ts). */
  onMonitorStall?: (pendingMs: number) => void;
}

/** How often the driver checks the server: a restarted server is seen within this, a stuck check soon after. */
const HEARTBEAT_MS = 2_000;

export interface MongoConnection {
  client: MongoClient;
  db: Db;
}

/**
 * Connects to MongoDB (or FerretDB) with timeouts of a few seconds, so an outage surfaces as STORAGE_UNAVAILABLE
 * quickly instead of hanging; the driver reconnects on its own when the server is back. Fails with
 * STORAGE_UNAVAILABLE when no server answers at start. The caller owns the client and closes it; the stores
 * built on `db` never do.
 */
export async function connectMongo(url: string, options: ConnectMongoOptions = {}): Promise<MongoConnection> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 3_000,
    connectTimeoutMS: connectTimeoutMs,
    heartbeatFrequencyMS: HEARTBEAT_MS,
    socketTimeoutMS: options.socketTimeoutMs ?? 10_000,
    // A write resolves once it is journaled on a majority: "acknowledged" must mean "survives a crash".
    // (FerretDB accepts and ignores it; on a standalone MongoDB majority is the one node.)
    writeConcern: { w: 'majority', journal: true },
    // Retryable writes are kept (the default): MongoDB 7 replica sets retry an insert safely after a network
    // blip, and FerretDB, which reports no replica set, never gets the retry fields, so it needs no opt-out.
  });
  try {
    await mongoCall(() => client.connect());
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  // A stuck server monitor would fail every call for good: reconnect when a heartbeat outlives any legitimate one.
  const closeClient = client.close.bind(client);
  const stopWatchdog = watchMonitorStalls(
    {
      on: (event, listener) => client.on(event, listener),
      close: () => closeClient(),
      connect: () => client.connect(),
    },
    {
      stallMs: HEARTBEAT_MS + 2 * connectTimeoutMs + 2_000,
      ...(options.onMonitorStall ? { onReconnect: options.onMonitorStall } : {}),
    },
  );
  client.close = async (force?: boolean) => {
    stopWatchdog();
    await closeClient(force);
  };
  return { client, db: client.db(options.dbName ?? (hasDbInPath(url) ? undefined : 'parley')) };
}

function hasDbInPath(url: string): boolean {
  const afterHosts = url.replace(/^mongodb(\+srv)?:\/\/[^/]*/, '');
  const name = afterHosts.replace(/^\//, '').split('?')[0] ?? '';
  return name.length > 0;
}
