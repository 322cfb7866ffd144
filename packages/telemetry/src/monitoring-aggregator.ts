import type { MonitoringEvent } from './event-schemas.ts';
import { OTHER_INTERFACE } from './interface-names.ts';

interface Cell {
  sdkAppId: number | null;
  interface: string;
  calls: number;
  successes: number;
  totalDelayMs: number;
}

/**
 * In-process aggregation of interface calls into monitoring windows per (sdkAppId, interface). A call counts
 * in the window containing the time it was recorded (its completion), so windows close in clock order and a
 * closed window never receives a late call.
 */
export class MonitoringAggregator {
  readonly #windowMs: number;
  readonly #maxCellsPerWindow: number;
  /** windowStart → `${sdkAppId}\u0000${interface}` → cell. */
  readonly #windows = new Map<number, Map<string, Cell>>();
  #overflowed = 0;

  constructor(windowMs: number, maxCellsPerWindow: number) {
    this.#windowMs = windowMs;
    this.#maxCellsPerWindow = maxCellsPerWindow;
  }

  add(at: number, sdkAppId: number | null, iface: string, durationMs: number, succeeded: boolean): void {
    const windowStart = at - (at % this.#windowMs);
    let cells = this.#windows.get(windowStart);
    if (!cells) {
      cells = new Map();
      this.#windows.set(windowStart, cells);
    }
    let key = `${sdkAppId}\u0000${iface}`;
    let cell = cells.get(key);
    if (!cell && cells.size >= this.#maxCellsPerWindow) {
      // Too many (app, interface) pairs in one window: fold the rest so memory stays bounded.
      this.#overflowed += 1;
      key = `null\u0000${OTHER_INTERFACE}`;
      cell = cells.get(key);
      sdkAppId = null;
      iface = OTHER_INTERFACE;
    }
    if (!cell) {
      cell = { sdkAppId, interface: iface, calls: 0, successes: 0, totalDelayMs: 0 };
      cells.set(key, cell);
    }
    cell.calls += 1;
    if (succeeded) cell.successes += 1;
    cell.totalDelayMs += durationMs;
  }

  /** Removes and returns the windows that ended at or before `now`. */
  drainClosed(now: number): MonitoringEvent[] {
    return this.#drain((windowStart) => windowStart + this.#windowMs <= now);
  }

  /** Removes and returns every window, including the open one (at shutdown). */
  drainAll(): MonitoringEvent[] {
    return this.#drain(() => true);
  }

  /** Calls folded into the overflow cell because a window held too many (app, interface) pairs. */
  get overflowed(): number {
    return this.#overflowed;
  }

  #drain(due: (windowStart: number) => boolean): MonitoringEvent[] {
    const events: MonitoringEvent[] = [];
    for (const [windowStart, cells] of this.#windows) {
      if (!due(windowStart)) continue;
      this.#windows.delete(windowStart);
      const start = new Date(windowStart).toISOString();
      for (const cell of cells.values()) {
        events.push({
          category: 'monitoring',
          sdkAppId: cell.sdkAppId,
          interface: cell.interface,
          windowStart: start,
          windowMs: this.#windowMs,
          calls: cell.calls,
          successRate: cell.successes / cell.calls,
          avgDelayMs: cell.totalDelayMs / cell.calls,
        });
      }
    }
    return events;
  }
}
