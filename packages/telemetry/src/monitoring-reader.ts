import { retentionMs } from '@parley/privacy-policy';
import type { MonitoringWindow } from './event-schemas.ts';

export interface MonitoringQuery {
  /** The application; null selects calls that were not bound to an application. */
  sdkAppId: number | null;
  /** Only this interface; all interfaces when absent. */
  interface?: string;
  /** Windows starting at or after `from`… */
  from: Date;
  /** …and before `to`. */
  to: Date;
}

/**
 * The monitoring read model behind the admin API. Windows the sinks received more than once (a partial
 * window emitted at shutdown, a redelivered batch) are merged, weighting rates and averages by calls.
 * Results are ordered by windowStart, then interface.
 */
export interface MonitoringReader {
  /**
   * Monitoring data is kept for 2 days (policy section 6), so `from` is CLAMPED to `now - 2 days`: a query
   * reaching further back returns only what is still retained, exactly as if older windows never existed.
   */
  query(query: MonitoringQuery): Promise<MonitoringWindow[]>;
}

/** The effective [from, to) in epoch ms after clamping to the monitoring retention; null when empty. */
export function clampMonitoringRange(
  query: MonitoringQuery,
  now: number,
): { from: number; to: number } | null {
  const from = Math.max(query.from.getTime(), now - retentionMs('monitoring'));
  const to = query.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  return { from, to };
}

/** Merges two reports of the same window (same app, interface, start and length). */
export function mergeMonitoringWindows(a: MonitoringWindow, b: MonitoringWindow): MonitoringWindow {
  const calls = a.calls + b.calls;
  return {
    ...a,
    calls,
    successRate: (a.successRate * a.calls + b.successRate * b.calls) / calls,
    avgDelayMs: (a.avgDelayMs * a.calls + b.avgDelayMs * b.calls) / calls,
  };
}

export function compareMonitoringWindows(a: MonitoringWindow, b: MonitoringWindow): number {
  if (a.windowStart !== b.windowStart) return a.windowStart < b.windowStart ? -1 : 1;
  if (a.interface !== b.interface) return a.interface < b.interface ? -1 : 1;
  return a.windowMs - b.windowMs;
}
