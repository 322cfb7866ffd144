import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { TELEMETRY_LOCAL_PURGE_INTERVAL_MS } from '@parley/privacy-policy';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3';
import { BoundedEventBuffer, zeroByCategory } from './bounded-event-buffer.ts';
import type { MonitoringWindow } from './event-schemas.ts';
import { clampMonitoringRange, type MonitoringReader } from './monitoring-reader.ts';
import { SqliteTelemetryStore } from './sqlite-telemetry-store.ts';
import { describeError, silentLogger, type TelemetryLogger } from './telemetry-logger.ts';
import type { TelemetrySink, TelemetrySinkStats } from './telemetry-sink.ts';
import { validateEvents } from './validate-events.ts';

export type LocalTelemetrySinkOptions = (
  | { /** Opened (and closed) by the sink. */ dbPath: string; db?: never }
  | { /** Owned by the caller: the sink never closes it. */ db: BetterSqlite3.Database; dbPath?: never }
) & {
  now?: () => number;
  /** Events held in memory between writes; the oldest are dropped beyond it. Default 10 000. */
  bufferLimit?: number;
  /**
   * How often the buffer is written in one transaction. Default 100 ms: the write runs on the event loop, and a
   * short interval keeps each one short (about 1.5 µs per event) instead of one long pause a second.
   */
  flushIntervalMs?: number;
  /** How often rows past retention are deleted. Default TELEMETRY_LOCAL_PURGE_INTERVAL_MS (60 s). */
  purgeIntervalMs?: number;
  logger?: TelemetryLogger;
};

export interface LocalTelemetrySink extends TelemetrySink, MonitoringReader {
  /** Writes the buffer, then deletes rows past the policy retention at `now`; returns rows deleted. */
  purgeExpired(now?: number): { log: number; monitoring: number };
}

/**
 * The embedded default sink: events go to SQLite tables (one per category) and are deleted once past the
 * policy retention (log 7 days, monitoring 2 days) on a timer and on demand. emit() only appends to a
 * bounded buffer (oldest dropped when full); writes happen in batches on a timer, off the caller's path.
 */
export function createLocalTelemetrySink(options: LocalTelemetrySinkOptions): LocalTelemetrySink {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const buffer = new BoundedEventBuffer(options.bufferLimit ?? 10_000);
  const sent = zeroByCategory();
  const invalid = zeroByCategory();
  const ownsDb = options.db === undefined;
  let db: BetterSqlite3.Database | undefined = options.db;
  let store: SqliteTelemetryStore | undefined;
  const timers: NodeJS.Timeout[] = [];
  let started = false;
  let closed = false;

  const openStore = (): SqliteTelemetryStore => {
    if (store) return store;
    if (!db) {
      const path = options.dbPath ?? ':memory:';
      if (path !== ':memory:') {
        // Owner-only, like every file of the data dir (SQLite gives -wal and -shm the same mode).
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        closeSync(openSync(path, 'a', 0o600));
      }
      db = new Database(path);
      db.pragma('journal_mode = WAL');
    }
    store = new SqliteTelemetryStore(db);
    return store;
  };

  const writeBuffer = (): void => {
    if (!store || buffer.length === 0) return;
    const events = validateEvents(buffer.take(buffer.length), invalid);
    try {
      store.insert(events);
      for (const event of events) sent[event.category] += 1;
    } catch (error) {
      // A failed transaction wrote nothing; the batch is lost, and counted as such.
      for (const event of events) invalid[event.category] += 1;
      logger.error(describeError(error), 'telemetry: writing to SQLite failed; batch dropped');
    }
  };

  const purge = (at: number) => {
    writeBuffer();
    return openStore().purgeExpired(at);
  };

  const every = (ms: number, task: () => void) => {
    const timer = setInterval(() => {
      try {
        task();
      } catch (error) {
        logger.error(describeError(error), 'telemetry: local sink timer failed');
      }
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    emit(events) {
      if (closed) {
        for (const event of events) invalid[event.category] += 1;
        return;
      }
      for (const event of events) buffer.push(event);
    },
    async start() {
      // Guarded by its own flag: query() or purgeExpired() may have opened the store already.
      if (started || closed) return;
      started = true;
      openStore();
      purge(now());
      writeBuffer();
      every(options.flushIntervalMs ?? 100, writeBuffer);
      every(options.purgeIntervalMs ?? TELEMETRY_LOCAL_PURGE_INTERVAL_MS, () => purge(now()));
    },
    async flush() {
      writeBuffer();
    },
    async close() {
      if (closed) return;
      writeBuffer();
      closed = true;
      for (const timer of timers) clearInterval(timer);
      for (const event of buffer.take(buffer.length)) invalid[event.category] += 1;
      if (ownsDb) db?.close();
    },
    purgeExpired(at = now()) {
      return purge(at);
    },
    async query(query): Promise<MonitoringWindow[]> {
      const range = clampMonitoringRange(query, now());
      if (!range || closed) return [];
      writeBuffer();
      return openStore().queryWindows(query.sdkAppId, query.interface, range.from, range.to);
    },
    stats(): TelemetrySinkStats {
      const dropped = {
        log: buffer.dropped.log + invalid.log,
        monitoring: buffer.dropped.monitoring + invalid.monitoring,
      };
      return {
        sent: sent.log + sent.monitoring,
        dropped: dropped.log + dropped.monitoring,
        buffered: buffer.length,
        sentByCategory: { ...sent },
        droppedByCategory: dropped,
      };
    },
  };
}
