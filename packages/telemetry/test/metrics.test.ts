import { describe, expect, it } from 'vitest';
import { createMemoryTelemetrySink, createMetricsRegistry, type LogEvent } from '../src/index.ts';

const event: LogEvent = {
  category: 'log',
  sdkAppId: 1400000001,
  interface: 'login',
  clientIp: '192.0.2.1',
  requestTime: '2025-01-01T00:00:00.000Z',
};

describe('createMetricsRegistry', () => {
  it('exposes default metrics and the telemetry counters read from the sink', async () => {
    const sink = createMemoryTelemetrySink({ limit: 2 });
    const registry = createMetricsRegistry({ telemetrySink: sink });
    sink.emit([event, event, event]);
    const first = await registry.metrics();
    expect(first).toContain('process_cpu_user_seconds_total');
    expect(first).toContain('parley_telemetry_events_sent_total{category="log"} 2');
    expect(first).toContain('parley_telemetry_events_dropped_total{category="log"} 1');
    expect(first).toContain('parley_telemetry_events_buffered 0');

    sink.emit([event]);
    const second = await registry.metrics();
    // Counters advance by the delta since the last scrape; they never double count.
    expect(second).toContain('parley_telemetry_events_sent_total{category="log"} 2');
    expect(second).toContain('parley_telemetry_events_dropped_total{category="log"} 2');
  });

  it('works without a sink (default metrics only)', async () => {
    const text = await createMetricsRegistry().metrics();
    expect(text).toContain('nodejs_heap_size_total_bytes');
    expect(text).not.toContain('parley_telemetry');
  });
});
