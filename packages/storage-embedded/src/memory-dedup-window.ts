import { type Clock, type DedupClaim, type DedupWindow, systemClock } from '@parley/domain';

/** A stored entry: a pending claim names its holder; a done one holds the reply. */
type Entry = { pending: string; expiresAt: number } | { value: string; expiresAt: number };

/** Send dedup in process memory, bounded: expired entries go first, then the oldest. */
export function createMemoryDedupWindow(options: { clock?: Clock; maxEntries?: number } = {}): DedupWindow {
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? 1_000_000;
  // Map keeps insertion order, which is expiry order for a fixed TTL: eviction scans from the front.
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function set(key: string, entry: Entry): void {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) {
      const now = clock.now();
      for (const [oldKey, old] of entries) {
        if (entries.size <= maxEntries && old.expiresAt > now) break;
        entries.delete(oldKey);
      }
    }
  }

  return {
    async claim(key, ttlMs, holder): Promise<DedupClaim> {
      const entry = live(key);
      if (!entry) {
        set(key, { pending: holder, expiresAt: clock.now() + ttlMs });
        return { state: 'claimed' };
      }
      return 'pending' in entry
        ? { state: 'pending', holder: entry.pending }
        : { state: 'done', value: entry.value };
    },
    async takeOver(key, from, to, ttlMs) {
      const entry = live(key);
      if (!entry || !('pending' in entry) || entry.pending !== from) return false;
      set(key, { pending: to, expiresAt: clock.now() + ttlMs });
      return true;
    },
    async complete(key, value, ttlMs) {
      set(key, { value, expiresAt: clock.now() + ttlMs });
    },
    async release(key) {
      const entry = live(key);
      if (entry && 'pending' in entry) entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
