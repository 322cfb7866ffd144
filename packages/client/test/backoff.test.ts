import { backoffDelay, defaultReconnectOptions } from '@parley/client';
import { describe, expect, it } from 'vitest';

describe('backoffDelay', () => {
  it('grows by the factor from the initial delay and stops at the maximum', () => {
    const options = { ...defaultReconnectOptions, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, options))).toEqual([
      200, 400, 800, 1600, 3200, 6400, 10_000, 10_000,
    ]);
  });

  it('spreads each delay by at most ±jitter', () => {
    const options = { initialDelayMs: 1000, maxDelayMs: 1000, factor: 2, jitter: 0.2 };
    expect(backoffDelay(1, options, () => 0)).toBe(800);
    expect(backoffDelay(1, options, () => 0.5)).toBe(1000);
    expect(backoffDelay(1, options, () => 0.999_999)).toBe(1200);
  });
});
