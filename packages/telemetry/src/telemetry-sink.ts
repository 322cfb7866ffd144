import type { TelemetryCategory } from '@parley/privacy-policy';
import type { TelemetryEvent } from './event-schemas.ts';

export interface TelemetrySinkStats {
  /** Events delivered to the backend (stored or acknowledged by the broker). */
  sent: number;
  /** Events discarded: buffer overflow, invalid, or still unsent at close. */
  dropped: number;
  /** Events waiting in memory (including a batch in flight). */
  buffered: number;
  sentByCategory: Record<TelemetryCategory, number>;
  droppedByCategory: Record<TelemetryCategory, number>;
}

/**
 * Where telemetry events go. One adapter per backend: memory (tests), local SQLite (embedded default), Kafka.
 * The caller that creates a sink starts and closes it; `createTelemetry` only emits into it.
 */
export interface TelemetrySink {
  /**
   * Appends to the sink's bounded in-memory buffer. Never blocks, never throws, never does I/O: when the
   * buffer is full the adapter drops (which end is documented per adapter) and counts the drop.
   */
  emit(events: readonly TelemetryEvent[]): void;
  /** Prepares the backend. Bounded in time: if the backend is down it keeps retrying in the background. */
  start(): Promise<unknown>;
  /** Tries to deliver what is buffered now; resolves after the attempt (never rejects). */
  flush(): Promise<void>;
  /** Delivers what it can within a bounded time, counts the rest as dropped, releases resources. */
  close(): Promise<void>;
  stats(): TelemetrySinkStats;
}
