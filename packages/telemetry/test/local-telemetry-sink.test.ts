import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLocalTelemetrySink,
  type LocalTelemetrySink,
  type LogEvent,
  type MonitoringEvent,
} from '../src/index.ts';

const DAY = 86_400_000;
const T = Date.UTC(2025, 4, 10, 8, 30);
const iso = (ms: number) => new Date(ms).toISOString();
const logAt = (ms: number): LogEvent => ({
  category: 'log',
  sdkAppId: 1400000001,
  interface: 'sendMessage',
  clientIp: '192.0.2.10',
  requestTime: iso(ms),
});
const windowAt = (ms: number, overrides: Partial<MonitoringEvent> = {}): MonitoringEvent => ({
  category: 'monitoring',
  sdkAppId: 1400000001,
  interface: 'sendMessage',
  windowStart: iso(ms),
  windowMs: 60_000,
  calls: 4,
  successRate: 0.75,
  avgDelayMs: 20,
  ...overrides,
});

let db: Database.Database;
let sink: LocalTelemetrySink;
let clock = T;

async function open(options: { bufferLimit?: number; purgeIntervalMs?: number } = {}) {
  db = new Database(':memory:');
  sink = createLocalTelemetrySink({ db, now: () => clock, ...options });
  await sink.start();
}
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

afterEach(async () => {
  await sink.close();
  db.close();
  clock = T;
});

describe('local telemetry sink retention', () => {
  it('keeps a log event for exactly 7 days', async () => {
    await open();
    sink.emit([logAt(T)]);
    await sink.flush();
    expect(sink.purgeExpired(T + 7 * DAY - 1)).toEqual({ log: 0, monitoring: 0 });
    expect(count('telemetry_log')).toBe(1);
    expect(sink.purgeExpired(T + 7 * DAY)).toEqual({ log: 0, monitoring: 0 });
    expect(sink.purgeExpired(T + 7 * DAY + 1)).toEqual({ log: 1, monitoring: 0 });
    expect(count('telemetry_log')).toBe(0);
  });

  it('writes every field of every event of a large mixed batch (multi-row inserts and the rest)', async () => {
    await open();
    const events: (LogEvent | MonitoringEvent)[] = [];
    for (let i = 0; i < 123; i++) {
      const log = logAt(T + i);
      if (i % 7 === 0) log.error = { code: 70001, name: 'USERSIG_EXPIRED' };
      if (i % 3 === 0) log.sdkAppId = null;
      events.push(log);
      if (i % 40 === 0) events.push(windowAt(T + i * 60_000));
    }
    sink.emit(events);
    await sink.flush();
    const rows = db
      .prepare(
        'SELECT request_time_ms, sdk_app_id, interface, client_ip, error_code, error_name FROM telemetry_log ORDER BY id',
      )
      .all();
    expect(rows).toEqual(
      events
        .filter((event): event is LogEvent => event.category === 'log')
        .map((event) => ({
          request_time_ms: Date.parse(event.requestTime),
          sdk_app_id: event.sdkAppId,
          interface: event.interface,
          client_ip: event.clientIp,
          error_code: event.error?.code ?? null,
          error_name: event.error?.name ?? null,
        })),
    );
    expect(count('telemetry_monitoring')).toBe(4);
  });

  it('keeps a monitoring window for exactly 2 days from its start', async () => {
    await open();
    sink.emit([windowAt(T), logAt(T)]);
    expect(sink.purgeExpired(T + 2 * DAY - 1)).toEqual({ log: 0, monitoring: 0 });
    expect(count('telemetry_monitoring')).toBe(1);
    expect(sink.purgeExpired(T + 2 * DAY + 1)).toEqual({ log: 0, monitoring: 1 });
    expect(count('telemetry_monitoring')).toBe(0);
    expect(count('telemetry_log')).toBe(1);
  });

  it('purges on its own timer at the sink clock', async () => {
    await open({ purgeIntervalMs: 10 });
    sink.emit([logAt(T)]);
    await sink.flush();
    clock = T + 7 * DAY + 1;
    await expect.poll(() => count('telemetry_log'), { timeout: 5_000 }).toBe(0);
  });
});

describe('local telemetry sink monitoring reader', () => {
  it('merges reports of the same window, weighted by calls, and filters by app, interface and range', async () => {
    await open();
    clock = T + DAY;
    sink.emit([
      windowAt(T, { calls: 4, successRate: 0.75, avgDelayMs: 20 }),
      windowAt(T, { calls: 1, successRate: 0, avgDelayMs: 120 }),
      windowAt(T, { interface: 'login', calls: 2, successRate: 1, avgDelayMs: 3 }),
      windowAt(T + 60_000, { calls: 1, successRate: 1, avgDelayMs: 1 }),
      windowAt(T, { sdkAppId: 1400000002 }),
    ]);
    const windows = await sink.query({ sdkAppId: 1400000001, from: new Date(T), to: new Date(T + 60_000) });
    expect(windows).toEqual([
      {
        sdkAppId: 1400000001,
        interface: 'login',
        windowStart: iso(T),
        windowMs: 60_000,
        calls: 2,
        successRate: 1,
        avgDelayMs: 3,
      },
      {
        sdkAppId: 1400000001,
        interface: 'sendMessage',
        windowStart: iso(T),
        windowMs: 60_000,
        calls: 5,
        successRate: 3 / 5,
        avgDelayMs: (4 * 20 + 120) / 5,
      },
    ]);
    const login = await sink.query({
      sdkAppId: 1400000001,
      interface: 'login',
      from: new Date(0),
      to: new Date(clock),
    });
    expect(login.map((w) => w.interface)).toEqual(['login']);
  });

  it('clamps queries reaching back further than the 2-day retention', async () => {
    await open();
    clock = T + 2 * DAY + 60_000;
    sink.emit([windowAt(T), windowAt(T + 60_000), windowAt(T + 120_000)]);
    const windows = await sink.query({ sdkAppId: 1400000001, from: new Date(0), to: new Date(clock + 1) });
    expect(windows.map((w) => w.windowStart)).toEqual([iso(T + 60_000), iso(T + 120_000)]);
  });
});

describe('local telemetry sink buffer', () => {
  it('is bounded, drops the oldest and counts drops per category', async () => {
    await open({ bufferLimit: 3 });
    sink.emit([logAt(T), windowAt(T), logAt(T + 1), logAt(T + 2), logAt(T + 3)]);
    expect(sink.stats()).toMatchObject({
      buffered: 3,
      dropped: 2,
      droppedByCategory: { log: 1, monitoring: 1 },
    });
    await sink.flush();
    expect(sink.stats()).toMatchObject({ sent: 3, buffered: 0, sentByCategory: { log: 3, monitoring: 0 } });
    const times = db.prepare('SELECT request_time_ms AS t FROM telemetry_log ORDER BY t').all() as {
      t: number;
    }[];
    expect(times.map((row) => row.t)).toEqual([T + 1, T + 2, T + 3]);
  });

  it('drops invalid events at its edge instead of failing the batch', async () => {
    await open();
    const bogus = { ...logAt(T), requestTime: 'yesterday' };
    sink.emit([bogus, logAt(T)]);
    await sink.flush();
    expect(sink.stats()).toMatchObject({ sent: 1, dropped: 1 });
  });
});

describe('local telemetry sink timers', () => {
  it('still start when the sink was queried before start()', async () => {
    db = new Database(':memory:');
    sink = createLocalTelemetrySink({ db, now: () => clock, flushIntervalMs: 10 });
    await sink.query({ sdkAppId: 1, from: new Date(T), to: new Date(T + 1) });
    await sink.start();
    sink.emit([logAt(T)]);
    await expect.poll(() => sink.stats().sent, { timeout: 5_000 }).toBe(1);
  });
});

describe('local telemetry sink on a file', () => {
  it('opens the file itself, persists across instances and closes what it opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-telemetry-'));
    const dbPath = join(dir, 'telemetry.db');
    try {
      const first = createLocalTelemetrySink({ dbPath, now: () => T });
      await first.start();
      first.emit([windowAt(T)]);
      await first.close();
      const second = createLocalTelemetrySink({ dbPath, now: () => T + 60_000 });
      await second.start();
      expect(
        await second.query({ sdkAppId: 1400000001, from: new Date(T), to: new Date(T + 1) }),
      ).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the file and its directory readable by the owner only (0600 / 0700), -wal and -shm included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-telemetry-'));
    const dbPath = join(dir, 'new', 'telemetry.db');
    try {
      const sink = createLocalTelemetrySink({ dbPath, now: () => T });
      await sink.start();
      sink.emit([windowAt(T)]);
      expect((statSync(join(dir, 'new')).mode & 0o777).toString(8)).toBe('700');
      for (const file of readdirSync(join(dir, 'new'))) {
        expect((statSync(join(dir, 'new', file)).mode & 0o777).toString(8), file).toBe('600');
      }
      await sink.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
