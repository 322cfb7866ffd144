import { type Clock, type DedupClaim, type DedupWindow, systemClock } from '@parley/domain';

const PENDING = Symbol('pending');

/** Send dedup in process memory, bounded: expired entries go first, then the oldest. */
export function createMemoryDedupWindow(options: { clock?: Clock; maxEntries?: number } = {}): DedupWindow {
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? 1_000_000;
  // Map keeps insertion order, which is expiry order for a fixed TTL: eviction scans from the front.
  const entries = new Map<string, { value: string | typeof PENDING; expiresAt: number }>();

  function live(key: string) {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function set(key: string, value: string | typeof PENDING, ttlMs: number): void {
    entries.delete(key);
    entries.set(key, { value, expiresAt: clock.now() + ttlMs });
    if (entries.size > maxEntries) {
      const now = clock.now();
      for (const [oldKey, entry] of entries) {
        if (entries.size <= maxEntries && entry.expiresAt > now) break;
        entries.delete(oldKey);
      }
    }
  }

  return {
    async claim(key, ttlMs): Promise<DedupClaim> {
      const entry = live(key);
      if (!entry) {
        set(key, PENDING, ttlMs);
        return { state: 'claimed' };
      }
      return entry.value === PENDING ? { state: 'pending' } : { state: 'done', value: entry.value };
    },
    async complete(key, value, ttlMs) {
      set(key, value, ttlMs);
    },
    async release(key) {
      if (live(key)?.value === PENDING) entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
