import type { Clock } from '@parley/domain';

/** A clock the test moves by hand (retention, recall limits). Starts at the real time. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
