import { zeroByCategory } from './bounded-event-buffer.ts';
import type { TelemetryEvent } from './event-schemas.ts';
import type { TelemetrySink, TelemetrySinkStats } from './telemetry-sink.ts';

export interface MemoryTelemetrySink extends TelemetrySink {
  /** Every event received, in order (up to `limit`). */
  readonly events: readonly TelemetryEvent[];
  clear(): void;
}

/**
 * A sink that keeps events in an array, for tests of other packages: assert on `events`. Once `limit`
 * events are held, new ones are dropped (newest-dropped, so what a test saw first stays put) and counted.
 */
export function createMemoryTelemetrySink(options: { limit?: number } = {}): MemoryTelemetrySink {
  const limit = options.limit ?? 100_000;
  const events: TelemetryEvent[] = [];
  const sent = zeroByCategory();
  const dropped = zeroByCategory();
  return {
    events,
    emit(batch) {
      for (const event of batch) {
        if (events.length >= limit) {
          dropped[event.category] += 1;
          continue;
        }
        events.push(event);
        sent[event.category] += 1;
      }
    },
    async start() {},
    async flush() {},
    async close() {},
    clear() {
      events.length = 0;
    },
    stats(): TelemetrySinkStats {
      return {
        sent: sent.log + sent.monitoring,
        dropped: dropped.log + dropped.monitoring,
        buffered: 0,
        sentByCategory: { ...sent },
        droppedByCategory: { ...dropped },
      };
    },
  };
}
