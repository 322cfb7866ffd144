import { type Clock, type RateLimiter, systemClock } from '@parley/domain';

/** Fixed one-second windows in process memory. */
export function createMemoryRateLimiter(options: { clock?: Clock } = {}): RateLimiter {
  const clock = options.clock ?? systemClock;
  const windows = new Map<string, { second: number; used: number }>();
  let sweepSecond = 0;

  return {
    async take(key, limitPerSecond) {
      const second = Math.floor(clock.now() / 1000);
      if (second !== sweepSecond) {
        // Forget keys idle since an earlier second, so memory stays bounded by the active keys.
        sweepSecond = second;
        for (const [k, w] of windows) if (w.second < second) windows.delete(k);
      }
      let window = windows.get(key);
      if (!window || window.second !== second) {
        window = { second, used: 0 };
        windows.set(key, window);
      }
      if (window.used >= limitPerSecond) return false;
      window.used += 1;
      return true;
    },
    async close() {
      windows.clear();
    },
  };
}
