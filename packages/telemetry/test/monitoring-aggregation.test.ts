import { describe, expect, it } from 'vitest';
import {
  createMemoryTelemetrySink,
  createTelemetry,
  type InterfaceCall,
  type MonitoringEvent,
  OTHER_INTERFACE,
} from '../src/index.ts';

const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
const call = (overrides: Partial<InterfaceCall>): InterfaceCall => ({
  sdkAppId: 1400000001,
  interface: 'sendMessage',
  clientIp: '192.0.2.1',
  startedAt: T0,
  durationMs: 10,
  ...overrides,
});

function setup(windowMs = 60_000) {
  let clock = T0;
  const sink = createMemoryTelemetrySink();
  const telemetry = createTelemetry({ sink, windowMs, now: () => clock });
  const monitoring = () => sink.events.filter((e): e is MonitoringEvent => e.category === 'monitoring');
  return {
    sink,
    telemetry,
    monitoring,
    at(ms: number) {
      clock = ms;
    },
  };
}

describe('monitoring aggregation', () => {
  it('computes calls, success rate and average delay per (app, interface, window)', async () => {
    const t = setup();
    t.at(T0 + 1_000);
    t.telemetry.record(call({ durationMs: 10 }));
    t.telemetry.record(call({ durationMs: 30, error: { code: 20007, name: 'BLACKLISTED' } }));
    t.telemetry.record(call({ durationMs: 20 }));
    t.telemetry.record(call({ durationMs: 40, error: { code: 90994, name: 'INTERNAL' } }));
    t.telemetry.record(call({ interface: 'login', durationMs: 5 }));
    t.telemetry.record(call({ sdkAppId: 1400000002, durationMs: 7 }));
    t.at(T0 + 59_999);
    t.telemetry.record(call({ durationMs: 50 }));

    await t.telemetry.flush();
    expect(t.monitoring()).toEqual([]); // the window is still open

    t.at(T0 + 60_000);
    await t.telemetry.flush();
    const byKey = Object.fromEntries(t.monitoring().map((e) => [`${e.sdkAppId}/${e.interface}`, e]));
    expect(byKey['1400000001/sendMessage']).toEqual({
      category: 'monitoring',
      sdkAppId: 1400000001,
      interface: 'sendMessage',
      windowStart: new Date(T0).toISOString(),
      windowMs: 60_000,
      calls: 5,
      successRate: 3 / 5,
      avgDelayMs: 150 / 5,
    });
    expect(byKey['1400000001/login']).toMatchObject({ calls: 1, successRate: 1, avgDelayMs: 5 });
    expect(byKey['1400000002/sendMessage']).toMatchObject({ calls: 1, successRate: 1, avgDelayMs: 7 });
    expect(t.monitoring()).toHaveLength(3);
  });

  it('puts calls in the window in which they were recorded and emits each closed window once', async () => {
    const t = setup(10_000);
    t.at(T0 + 9_999);
    t.telemetry.record(call({ durationMs: 100 }));
    t.at(T0 + 10_000);
    t.telemetry.record(call({ durationMs: 200, error: { code: 1, name: 'X' } }));
    t.at(T0 + 25_000);
    t.telemetry.record(call({ durationMs: 300 }));
    await t.telemetry.flush();
    await t.telemetry.flush();
    expect(t.monitoring().map((e) => [e.windowStart, e.calls, e.successRate, e.avgDelayMs])).toEqual([
      [new Date(T0).toISOString(), 1, 1, 100],
      [new Date(T0 + 10_000).toISOString(), 1, 0, 200],
    ]);
    await t.telemetry.close(); // emits the open window too
    expect(t.monitoring().at(-1)).toMatchObject({
      windowStart: new Date(T0 + 20_000).toISOString(),
      calls: 1,
    });
  });

  it('emits one log event per call and nothing at all when disabled', async () => {
    const on = setup();
    on.telemetry.record(call({}));
    expect(on.sink.events).toEqual([expect.objectContaining({ category: 'log' })]);

    const sink = createMemoryTelemetrySink();
    const off = createTelemetry({ sink, enabled: false, now: () => T0 });
    off.record(call({}));
    await off.close();
    expect(sink.events).toEqual([]);
  });

  it('caps interface-name cardinality', async () => {
    const sink = createMemoryTelemetrySink();
    const telemetry = createTelemetry({ sink, now: () => T0, maxInterfaces: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'a']) telemetry.record(call({ interface: name }));
    await telemetry.close();
    const logNames = sink.events.filter((e) => e.category === 'log').map((e) => e.interface);
    expect(logNames).toEqual(['a', 'b', OTHER_INTERFACE, OTHER_INTERFACE, 'a']);
    expect(telemetry.stats().interfacesFolded).toBe(2);
    const windows = sink.events.filter((e) => e.category === 'monitoring');
    expect(windows.map((e) => [e.interface, e.calls]).sort()).toEqual([
      [OTHER_INTERFACE, 2],
      ['a', 2],
      ['b', 1],
    ]);
  });
});

describe('record()', () => {
  it('never throws, whatever it is given or whatever the sink does', () => {
    const throwingSink = {
      ...createMemoryTelemetrySink(),
      emit() {
        throw new Error('sink bug');
      },
    };
    const telemetry = createTelemetry({ sink: throwingSink, now: () => T0 });
    const bad = [
      null,
      undefined,
      {},
      call({ startedAt: Number.NaN, durationMs: Number.POSITIVE_INFINITY }),
      call({ startedAt: 1e20 }),
      call({ error: 'boom' as unknown as NonNullable<InterfaceCall['error']> }),
    ] as InterfaceCall[];
    for (const value of bad) expect(() => telemetry.record(value)).not.toThrow();
    expect(telemetry.stats().recordFailures).toBe(bad.length);
  });

  it('normalises malformed values to placeholders instead of dropping the call', async () => {
    const sink = createMemoryTelemetrySink();
    const telemetry = createTelemetry({ sink, now: () => T0 });
    telemetry.record(
      call({
        sdkAppId: -5,
        clientIp: '::ffff:203.0.113.9',
        startedAt: Number.NaN,
        error: { code: 1.5, name: 'a b' },
      }),
    );
    expect(sink.events[0]).toEqual({
      category: 'log',
      sdkAppId: null,
      interface: 'sendMessage',
      clientIp: '203.0.113.9',
      requestTime: new Date(T0).toISOString(),
      error: { code: 0, name: 'UNKNOWN' },
    });
    await telemetry.close();
  });
});
