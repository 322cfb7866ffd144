import { performance } from 'node:perf_hooks';
import { startProgressLine } from './progress-line.ts';
import { roundTo2 } from './round.ts';

export interface ConnectResult {
  requested: number;
  logged_in: number;
  failed: number;
  duration_s: number;
  logins_per_s: number;
  errors: Record<string, number>;
}

export interface LoginRampOptions {
  /** How many logins to start, as 0 … count-1. */
  count: number;
  loginsPerSecond: number;
  /** The stragglers count as failed (`connect-timeout`) after this. */
  timeoutMs: number;
  /** At most this many logins under way at once. Default 200. */
  maxPending?: number | undefined;
  /** Starts login `index`; it calls `finish` once, with an error code when it failed. */
  open(index: number, finish: (ok: boolean, code?: string) => void): void;
  /** The status line on stderr each second, from the counts so far. */
  progressLine(elapsedS: number, counts: { started: number; loggedIn: number; failed: number }): string;
  progress: boolean;
}

/**
 * Starts `count` logins, `loginsPerSecond` at a time and never more than `maxPending` under way: a ramp faster
 * than the server logs in would otherwise pile connections up in its accept backlog until the kernel resets them.
 * Resolves when every login is in or failed, or at the timeout.
 */
export async function rampLogins(o: LoginRampOptions): Promise<ConnectResult> {
  const { count } = o;
  const errors: Record<string, number> = {};
  const startedAt = performance.now();
  let started = 0;
  let done = 0;
  let loggedIn = 0;
  const stopProgress = startProgressLine(
    (s) => o.progressLine(s, { started, loggedIn, failed: done - loggedIn }),
    o.progress,
  );
  await new Promise<void>((resolve) => {
    let ramp: NodeJS.Timeout | undefined;
    const timeout = setTimeout(() => {
      errors['connect-timeout'] = count - done;
      end();
    }, o.timeoutMs);
    const end = () => {
      clearTimeout(timeout);
      clearInterval(ramp);
      resolve();
    };
    const finish = (ok: boolean, code?: string) => {
      done += 1;
      if (ok) loggedIn += 1;
      if (code) errors[code] = (errors[code] ?? 0) + 1;
      if (done === count) end();
    };
    ramp = setInterval(() => {
      const due = Math.min(
        count,
        Math.floor(((performance.now() - startedAt) / 1000) * o.loginsPerSecond) + 1,
      );
      const maxPending = o.maxPending ?? 200;
      for (; started < due && started - done < maxPending; started++) o.open(started, finish);
      if (started >= count) clearInterval(ramp);
    }, 5);
    if (count === 0) end();
  });
  stopProgress();
  const durationS = (performance.now() - startedAt) / 1000;
  return {
    requested: count,
    logged_in: loggedIn,
    failed: count - loggedIn,
    duration_s: roundTo2(durationS),
    logins_per_s: Math.round(loggedIn / durationS),
    errors,
  };
}
