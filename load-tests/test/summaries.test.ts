import { describe, expect, it } from 'vitest';
import { evaluateTargets } from '../../bench/lib/targets.ts';
import { type CpuProfile, summariseCpuProfile } from '../../bench/profile/cpu-profile-summary.ts';
import { LatencyHistogram } from '../lib/latency-histogram.ts';
import { checkThresholds } from '../lib/thresholds.ts';

describe('threshold and target checks', () => {
  it('fails a bound that is crossed and a metric that was not measured', () => {
    const results = checkThresholds({ rps: 90, p99_ms: 12 }, [
      { metric: 'rps', op: '>=', limit: 100, unit: 'req/s' },
      { metric: 'p99_ms', op: '<=', limit: 20, unit: 'ms' },
      { metric: 'errors', op: '<=', limit: 0, unit: '' },
    ]);
    expect(results.map((r) => r.pass)).toEqual([false, true, false]);
  });

  it('reads the bench targets by their dotted keys', () => {
    const results = evaluateTargets({
      ratio: { c2c_to_ws_relay: 0.5, config_read_to_fastify: 0.84 },
      telemetry: { overhead_pct: 3 },
      conn: { idle_bytes_per_conn: 20_000 },
      c2c: {},
    });
    expect(Object.fromEntries(results.map((r) => [r.key, r.pass]))).toEqual({
      'ratio.c2c_to_ws_relay': true,
      'ratio.config_read_to_fastify': false,
      'telemetry.overhead_pct': true,
      'conn.idle_bytes_per_conn': false,
      'c2c.p99_ms': false,
    });
  });
});

describe('latency histogram', () => {
  it('reports percentiles in milliseconds', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.recordMs(ms);
    const summary = histogram.summary();
    expect(summary.count).toBe(100);
    expect(summary.p50_ms).toBeCloseTo(50, 0);
    expect(summary.p99_ms).toBeCloseTo(99, 0);
    expect(summary.max_ms).toBeCloseTo(100, 0);
  });
});

describe('cpu profile summary', () => {
  it('splits busy time by function and origin, without idle and without double-counting recursion', () => {
    const file = 'file:///work/main/packages/domain/src/messaging/messaging-service.ts';
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 5] },
        { id: 2, callFrame: { functionName: 'send', url: file, lineNumber: 9 }, children: [3] },
        { id: 3, callFrame: { functionName: 'send', url: file, lineNumber: 9 }, children: [4] },
        {
          id: 4,
          callFrame: {
            functionName: 'run',
            url: 'file:///x/node_modules/better-sqlite3/lib/a.js',
            lineNumber: 0,
          },
        },
        { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      // Each sample lasts until the next one: the first delta is the start offset.
      samples: [4, 4, 3, 5, 5],
      timeDeltas: [0, 1000, 2000, 2000, 3000, 0],
      startTime: 0,
      endTime: 8000,
    };
    const summary = summariseCpuProfile(profile);
    expect(summary.idle_ms).toBe(3);
    expect(summary.total_ms).toBe(8);
    expect(summary.self.map((r) => [r.name, r.ms])).toEqual([
      ['run better-sqlite3/lib/a.js:1', 3],
      ['send packages/domain/src/messaging/messaging-service.ts:10', 2],
    ]);
    expect(summary.inclusive[0]).toEqual({
      name: 'send packages/domain/src/messaging/messaging-service.ts:10',
      ms: 5,
      pct: 100,
    });
    expect(summary.by_origin.map((r) => r.name).sort()).toEqual(['@parley/domain', 'better-sqlite3']);
  });
});
