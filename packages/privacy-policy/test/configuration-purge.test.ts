import { describe, expect, it } from 'vitest';
import {
  CONFIGURATION_DATA_GRACE_MONTHS,
  CONFIGURATION_DATA_GRACE_MS,
  configurationPurgeDueAt,
} from '../src/index.ts';

const DAY = 86_400_000;
const due = (iso: string) => configurationPurgeDueAt(new Date(iso)).toISOString();

describe('configurationPurgeDueAt', () => {
  it('adds 2 calendar months in UTC, keeping the time of day', () => {
    expect(CONFIGURATION_DATA_GRACE_MONTHS).toBe(2);
    expect(due('2024-01-15T10:20:30.456Z')).toBe('2024-03-15T10:20:30.456Z');
    expect(due('2024-11-30T23:59:59.999Z')).toBe('2025-01-30T23:59:59.999Z');
    expect(due('2024-07-01T00:00:00.000Z')).toBe('2024-09-01T00:00:00.000Z');
  });

  it('clamps to the end of a shorter month instead of rolling into the next', () => {
    expect(due('2024-12-31T08:00:00.000Z')).toBe('2025-02-28T08:00:00.000Z');
    expect(due('2023-12-31T08:00:00.000Z')).toBe('2024-02-29T08:00:00.000Z');
    expect(due('2025-07-31T12:00:00.000Z')).toBe('2025-09-30T12:00:00.000Z');
  });

  it('always lands 59 to 62 days later, and CONFIGURATION_DATA_GRACE_MS is that upper bound', () => {
    expect(CONFIGURATION_DATA_GRACE_MS).toBe(62 * DAY);
    let shortest = Number.POSITIVE_INFINITY;
    let longest = 0;
    for (let t = Date.UTC(2023, 0, 1, 13); t < Date.UTC(2026, 0, 1); t += DAY) {
      const span = configurationPurgeDueAt(new Date(t)).getTime() - t;
      shortest = Math.min(shortest, span);
      longest = Math.max(longest, span);
    }
    expect(shortest).toBe(59 * DAY);
    expect(longest).toBe(CONFIGURATION_DATA_GRACE_MS);
  });

  it('refuses an invalid date', () => {
    expect(() => configurationPurgeDueAt(new Date(Number.NaN))).toThrow(RangeError);
  });
});
