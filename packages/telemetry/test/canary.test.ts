import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  createLocalTelemetrySink,
  createMemoryTelemetrySink,
  createTelemetry,
  type InterfaceCall,
} from '../src/index.ts';

const CANARY = 'CANARY_7f3a';

/** An InterfaceCall-like object with the canary in every place that is not allowlisted. */
function pollutedCall(overrides: Partial<InterfaceCall> = {}): InterfaceCall {
  const error = Object.assign(new Error(`${CANARY} message`), {
    code: 20007,
    name: 'BLACKLISTED',
    detail: `${CANARY} detail`,
    cause: new Error(`${CANARY} cause`),
    fields: [{ path: CANARY, message: CANARY }],
  });
  error.stack = `${CANARY} stack\n    at ${CANARY} (file.ts:1:1)`;
  const call = {
    sdkAppId: 1400000001,
    interface: 'sendMessage',
    clientIp: '198.51.100.23',
    startedAt: Date.UTC(2025, 0, 1),
    durationMs: 12,
    error,
    userId: `${CANARY}-user`,
    messageBody: `${CANARY} hello`,
    headers: { authorization: `Bearer ${CANARY}` },
    query: `?usersig=${CANARY}`,
    ...overrides,
  };
  return call;
}

const pollutedValues: InterfaceCall[] = [
  pollutedCall(),
  pollutedCall({ interface: `/v4/openim/sendmsg?usersig=${CANARY}&identifier=alice` }),
  pollutedCall({ interface: `sendMessage ${CANARY}` }),
  pollutedCall({ clientIp: `${CANARY}.example.com` }),
  pollutedCall({ error: { code: 90994, name: `${CANARY} happened to user alice` } }),
  pollutedCall({
    error: { code: Number.NaN, name: 'INTERNAL', message: CANARY } as NonNullable<InterfaceCall['error']>,
  }),
  pollutedCall({ sdkAppId: CANARY as unknown as number }),
  pollutedCall({ startedAt: CANARY as unknown as number }),
];

describe('no canary leaves record()', () => {
  it('in any event a memory sink receives', async () => {
    const sink = createMemoryTelemetrySink();
    const telemetry = createTelemetry({ sink, now: () => Date.UTC(2025, 0, 1, 0, 5) });
    for (const call of pollutedValues) telemetry.record(call);
    await telemetry.close();
    expect(sink.events.filter((e) => e.category === 'log')).toHaveLength(pollutedValues.length);
    expect(sink.events.some((e) => e.category === 'monitoring')).toBe(true);
    const serialised = JSON.stringify(sink.events);
    expect(serialised).not.toContain(CANARY);
    expect(serialised).not.toContain('alice');
    expect(serialised).not.toContain('durationMs');
  });

  it('in any row the local SQLite sink stores', async () => {
    const db = new Database(':memory:');
    const sink = createLocalTelemetrySink({ db, now: () => Date.UTC(2025, 0, 1, 0, 5) });
    await sink.start();
    const telemetry = createTelemetry({ sink, now: () => Date.UTC(2025, 0, 1, 0, 5) });
    for (const call of pollutedValues) telemetry.record(call);
    await telemetry.close();
    const rows = [
      ...db.prepare('SELECT * FROM telemetry_log').all(),
      ...db.prepare('SELECT * FROM telemetry_monitoring').all(),
    ];
    expect(rows.length).toBeGreaterThan(pollutedValues.length);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
    await sink.close();
    db.close();
  });

  it('keeps the allowlisted values it is given', async () => {
    const sink = createMemoryTelemetrySink();
    const telemetry = createTelemetry({ sink, now: () => Date.UTC(2025, 0, 1, 0, 5) });
    telemetry.record(pollutedCall());
    await telemetry.close();
    expect(sink.events[0]).toEqual({
      category: 'log',
      sdkAppId: 1400000001,
      interface: 'sendMessage',
      clientIp: '198.51.100.23',
      requestTime: '2025-01-01T00:00:00.000Z',
      error: { code: 20007, name: 'BLACKLISTED' },
    });
  });
});
