import { retentionCutoff, telemetrySqliteTables } from '@parley/privacy-policy';
import type BetterSqlite3 from 'better-sqlite3';
import type { LogEvent, MonitoringEvent, MonitoringWindow, TelemetryEvent } from './event-schemas.ts';

const LOG = telemetrySqliteTables.log;
const MONITORING = telemetrySqliteTables.monitoring;
/** Log rows per multi-row INSERT, and the columns of each. */
const LOG_CHUNK = 50;
const LOG_COLUMNS = 6;
type LogRow = [number, number | null, string, string, number | null, string | null];

function logRow(event: LogEvent): LogRow {
  return [
    Date.parse(event.requestTime),
    event.sdkAppId,
    event.interface,
    event.clientIp,
    event.error?.code ?? null,
    event.error?.name ?? null,
  ];
}

interface WindowRow {
  sdk_app_id: number | null;
  interface: string;
  window_start_ms: number;
  window_ms: number;
  calls: number;
  success_rate: number;
  avg_delay_ms: number;
}

/**
 * The SQL of the embedded telemetry sink: one table per category, named by the privacy policy, holding
 * exactly the allowlisted fields (times as epoch ms so retention is an indexed range delete).
 */
export class SqliteTelemetryStore {
  readonly #insertLog;
  readonly #insertLogChunk;
  readonly #insertMonitoring;
  readonly #purgeLog;
  readonly #purgeMonitoring;
  readonly #queryWindows;
  readonly #insertMany;

  readonly db: BetterSqlite3.Database;
  constructor(db: BetterSqlite3.Database) {
    this.db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${LOG} (
        id INTEGER PRIMARY KEY,
        request_time_ms INTEGER NOT NULL,
        sdk_app_id INTEGER,
        interface TEXT NOT NULL,
        client_ip TEXT NOT NULL,
        error_code INTEGER,
        error_name TEXT
      );
      CREATE INDEX IF NOT EXISTS ${LOG}_time ON ${LOG} (request_time_ms);
      CREATE TABLE IF NOT EXISTS ${MONITORING} (
        id INTEGER PRIMARY KEY,
        window_start_ms INTEGER NOT NULL,
        window_ms INTEGER NOT NULL,
        sdk_app_id INTEGER,
        interface TEXT NOT NULL,
        calls INTEGER NOT NULL,
        success_rate REAL NOT NULL,
        avg_delay_ms REAL NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${MONITORING}_time ON ${MONITORING} (window_start_ms);
      CREATE INDEX IF NOT EXISTS ${MONITORING}_app ON ${MONITORING} (sdk_app_id, window_start_ms);
    `);
    this.#insertLog = db.prepare<LogRow>(
      `INSERT INTO ${LOG} (request_time_ms, sdk_app_id, interface, client_ip, error_code, error_name)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // Many rows per statement: half the cost per row of one statement each (the chunk is the common case).
    this.#insertLogChunk = db.prepare<unknown[]>(
      `INSERT INTO ${LOG} (request_time_ms, sdk_app_id, interface, client_ip, error_code, error_name)
       VALUES ${Array(LOG_CHUNK).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.#insertMonitoring = db.prepare<[number, number, number | null, string, number, number, number]>(
      `INSERT INTO ${MONITORING}
         (window_start_ms, window_ms, sdk_app_id, interface, calls, success_rate, avg_delay_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#purgeLog = db.prepare<[number]>(`DELETE FROM ${LOG} WHERE request_time_ms < ?`);
    this.#purgeMonitoring = db.prepare<[number]>(`DELETE FROM ${MONITORING} WHERE window_start_ms < ?`);
    // `IS` compares NULL with NULL, so one statement serves apps and app-less calls; duplicates merge here.
    this.#queryWindows = db.prepare<[number | null, string | null, string | null, number, number], WindowRow>(
      `SELECT sdk_app_id, interface, window_start_ms, window_ms, SUM(calls) AS calls,
              SUM(success_rate * calls) / SUM(calls) AS success_rate,
              SUM(avg_delay_ms * calls) / SUM(calls) AS avg_delay_ms
         FROM ${MONITORING}
        WHERE sdk_app_id IS ? AND (? IS NULL OR interface = ?)
          AND window_start_ms >= ? AND window_start_ms < ?
        GROUP BY sdk_app_id, interface, window_start_ms, window_ms
        ORDER BY window_start_ms, interface, window_ms`,
    );
    this.#insertMany = db.transaction((events: readonly TelemetryEvent[]) => {
      const chunk: unknown[] = [];
      for (const event of events) {
        if (event.category === 'monitoring') {
          this.#writeMonitoring(event);
          continue;
        }
        chunk.push(...logRow(event));
        if (chunk.length === LOG_CHUNK * LOG_COLUMNS) {
          this.#insertLogChunk.run(chunk);
          chunk.length = 0;
        }
      }
      for (let i = 0; i < chunk.length; i += LOG_COLUMNS)
        this.#insertLog.run(...(chunk.slice(i, i + LOG_COLUMNS) as LogRow));
    });
  }

  /** Writes a batch in one transaction. */
  insert(events: readonly TelemetryEvent[]): void {
    this.#insertMany(events);
  }

  /** Deletes rows past retention at `now`: an event dated T is kept through T + retention inclusive. */
  purgeExpired(now: number): { log: number; monitoring: number } {
    return {
      log: this.#purgeLog.run(retentionCutoff('log', now)).changes,
      monitoring: this.#purgeMonitoring.run(retentionCutoff('monitoring', now)).changes,
    };
  }

  queryWindows(
    sdkAppId: number | null,
    iface: string | undefined,
    from: number,
    to: number,
  ): MonitoringWindow[] {
    const name = iface ?? null;
    return this.#queryWindows.all(sdkAppId, name, name, from, to).map((row) => ({
      sdkAppId: row.sdk_app_id,
      interface: row.interface,
      windowStart: new Date(row.window_start_ms).toISOString(),
      windowMs: row.window_ms,
      calls: row.calls,
      successRate: row.success_rate,
      avgDelayMs: row.avg_delay_ms,
    }));
  }

  #writeMonitoring(event: MonitoringEvent): void {
    this.#insertMonitoring.run(
      Date.parse(event.windowStart),
      event.windowMs,
      event.sdkAppId,
      event.interface,
      event.calls,
      event.successRate,
      event.avgDelayMs,
    );
  }
}
