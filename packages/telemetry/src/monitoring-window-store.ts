import { retentionCutoff } from '@parley/privacy-policy';
import type { MonitoringWindow } from './event-schemas.ts';
import { compareMonitoringWindows, mergeMonitoringWindows } from './monitoring-reader.ts';

interface Entry {
  window: MonitoringWindow;
  startMs: number;
}

/**
 * In-memory monitoring windows, bounded twice: by the policy retention (2 days; older windows are deleted
 * and never accepted) and by `maxWindows` (beyond it the earliest-received window is evicted). Reports of
 * the same window are merged.
 */
export class MonitoringWindowStore {
  /** In arrival order, which is close to time order, so eviction removes about the oldest. */
  readonly #entries = new Map<string, Entry>();
  readonly #byApp = new Map<number | null, Set<string>>();
  readonly #maxWindows: number;

  constructor(maxWindows: number) {
    this.#maxWindows = maxWindows;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Returns false when the window is already past retention at `now` (and so is not kept). */
  add(window: MonitoringWindow, now: number): boolean {
    const startMs = Date.parse(window.windowStart);
    if (startMs < retentionCutoff('monitoring', now)) return false;
    const key = `${window.sdkAppId}\u0000${window.interface}\u0000${startMs}\u0000${window.windowMs}`;
    const existing = this.#entries.get(key);
    if (existing) {
      existing.window = mergeMonitoringWindows(existing.window, window);
      return true;
    }
    if (this.#entries.size >= this.#maxWindows) this.#evictOldest();
    this.#entries.set(key, { window: { ...window }, startMs });
    let keys = this.#byApp.get(window.sdkAppId);
    if (!keys) {
      keys = new Set();
      this.#byApp.set(window.sdkAppId, keys);
    }
    keys.add(key);
    return true;
  }

  /** Deletes windows past retention at `now`; returns how many. */
  purgeExpired(now: number): number {
    const cutoff = retentionCutoff('monitoring', now);
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.startMs >= cutoff) continue;
      this.#remove(key, entry);
      removed += 1;
    }
    return removed;
  }

  /** Windows of one application starting in [from, to), optionally of one interface, sorted. */
  query(sdkAppId: number | null, iface: string | undefined, from: number, to: number): MonitoringWindow[] {
    const result: MonitoringWindow[] = [];
    for (const key of this.#byApp.get(sdkAppId) ?? []) {
      const entry = this.#entries.get(key);
      if (!entry || entry.startMs < from || entry.startMs >= to) continue;
      if (iface !== undefined && entry.window.interface !== iface) continue;
      result.push({ ...entry.window });
    }
    return result.sort(compareMonitoringWindows);
  }

  #evictOldest(): void {
    for (const [key, entry] of this.#entries) {
      this.#remove(key, entry);
      return;
    }
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    const keys = this.#byApp.get(entry.window.sdkAppId);
    keys?.delete(key);
    if (keys?.size === 0) this.#byApp.delete(entry.window.sdkAppId);
  }
}
