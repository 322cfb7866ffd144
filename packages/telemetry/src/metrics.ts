import type { TelemetryCategory } from '@parley/privacy-policy';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { TelemetrySink } from './telemetry-sink.ts';

export interface MetricsRegistryOptions {
  /** Registers the telemetry counters for this sink too. */
  telemetrySink?: TelemetrySink;
  defaultLabels?: Record<string, string>;
}

/** A prom-client registry with Node's default metrics (and the telemetry counters when given a sink). */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  collectDefaultMetrics({ register: registry });
  if (options.telemetrySink) registerTelemetryMetrics(registry, options.telemetrySink);
  return registry;
}

/**
 * Telemetry counters, read from the sink's stats at scrape time so the hot path pays nothing:
 * `parley_telemetry_events_sent_total{category}`, `parley_telemetry_events_dropped_total{category}` and
 * the `parley_telemetry_events_buffered` gauge.
 */
export function registerTelemetryMetrics(registry: Registry, sink: TelemetrySink): void {
  const reported = { sent: { log: 0, monitoring: 0 }, dropped: { log: 0, monitoring: 0 } };
  const advance = (
    counter: Counter<'category'>,
    kind: 'sent' | 'dropped',
    totals: Record<TelemetryCategory, number>,
  ) => {
    for (const category of ['log', 'monitoring'] as const) {
      const delta = totals[category] - reported[kind][category];
      if (delta > 0) counter.inc({ category }, delta);
      reported[kind][category] = totals[category];
    }
  };
  const sent: Counter<'category'> = new Counter({
    name: 'parley_telemetry_events_sent_total',
    help: 'Telemetry events delivered by the sink, by category.',
    labelNames: ['category'],
    registers: [registry],
    collect() {
      advance(sent, 'sent', sink.stats().sentByCategory);
    },
  });
  const dropped: Counter<'category'> = new Counter({
    name: 'parley_telemetry_events_dropped_total',
    help: 'Telemetry events dropped (buffer full, invalid, unsent at close), by category.',
    labelNames: ['category'],
    registers: [registry],
    collect() {
      advance(dropped, 'dropped', sink.stats().droppedByCategory);
    },
  });
  const buffered: Gauge = new Gauge({
    name: 'parley_telemetry_events_buffered',
    help: 'Telemetry events waiting in the sink buffer.',
    registers: [registry],
    collect() {
      buffered.set(sink.stats().buffered);
    },
  });
}
