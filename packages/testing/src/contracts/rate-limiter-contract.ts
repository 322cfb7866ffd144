import type { Clock, RateLimiter } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What one test of the suite gets: limiters isolated from every other test, reading time from `clock`. */
export interface RateLimiterFixture {
  limiter: RateLimiter;
  /** A limiter over the same shared counters, as another node holds it (an in-process adapter may pass `limiter`). */
  peer: RateLimiter;
  cleanup(): Promise<void>;
}

/** A clock the suite moves by hand, so window boundaries are exact. */
class ManualClock implements Clock {
  private time: number;
  constructor(time: number) {
    this.time = time;
  }
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** The start of some one-second window (windows are aligned to whole seconds since the epoch). */
const SECOND_START = 1_700_000_000_000;

async function takeMany(limiter: RateLimiter, key: string, limit: number, count: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < count; i += 1) results.push(await limiter.take(key, limit));
  return results;
}

/** The behaviour every RateLimiter adapter must show. The factory must make the limiters read `clock`. */
export function describeRateLimiterContract(
  adapterName: string,
  factory: (clock: Clock) => Promise<RateLimiterFixture>,
): void {
  describe(`RateLimiter contract: ${adapterName}`, () => {
    let fx: RateLimiterFixture;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock(SECOND_START);
      fx = await factory(clock);
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('allows limitPerSecond takes in a second, then refuses', async () => {
      expect(await takeMany(fx.limiter, 'k', 3, 5)).toEqual([true, true, true, false, false]);
    });

    it('shares the count between nodes', async () => {
      expect(await takeMany(fx.limiter, 'k', 4, 2)).toEqual([true, true]);
      expect(await takeMany(fx.peer, 'k', 4, 3)).toEqual([true, true, false]);
      expect(await fx.limiter.take('k', 4)).toBe(false);
    });

    it('keeps keys apart', async () => {
      expect(await takeMany(fx.limiter, 'msg:1', 1, 2)).toEqual([true, false]);
      expect(await takeMany(fx.limiter, 'msg:2', 1, 2)).toEqual([true, false]);
    });

    it('uses fixed windows aligned to whole seconds', async () => {
      clock.set(SECOND_START + 999);
      expect(await takeMany(fx.limiter, 'k', 2, 3)).toEqual([true, true, false]);
      // One millisecond later a new second starts, with a fresh allowance.
      clock.advance(1);
      expect(await takeMany(fx.limiter, 'k', 2, 3)).toEqual([true, true, false]);
    });

    it('does not reset within the same second', async () => {
      expect(await takeMany(fx.limiter, 'k', 2, 2)).toEqual([true, true]);
      clock.advance(999);
      expect(await fx.limiter.take('k', 2)).toBe(false);
      clock.advance(1);
      expect(await fx.limiter.take('k', 2)).toBe(true);
    });

    it('does not carry refused takes into the next second', async () => {
      expect(await takeMany(fx.limiter, 'k', 1, 10)).toEqual([true, ...Array<boolean>(9).fill(false)]);
      clock.advance(1_000);
      expect(await takeMany(fx.limiter, 'k', 1, 2)).toEqual([true, false]);
    });

    it('refuses everything with a limit of 0', async () => {
      expect(await fx.limiter.take('k', 0)).toBe(false);
    });

    it('grants exactly the limit to many concurrent takes from two nodes', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? fx.limiter : fx.peer).take('hot', 20)),
      );
      expect(results.filter(Boolean)).toHaveLength(20);
    });
  });
}
