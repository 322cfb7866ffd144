/** Exponential backoff with jitter: attempt 1 waits ~initialMs, doubling up to maxMs. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A sleep the owner can cut short; timers are unref'd so a background loop never holds the process open. */
export class Sleeper {
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(() => this.wake(), ms);
      this.#timer.unref();
    });
  }

  wake(): void {
    if (this.#timer) clearTimeout(this.#timer);
    const wake = this.#wake;
    this.#wake = undefined;
    this.#timer = undefined;
    wake?.();
  }
}

/** Waits for `promise` at most `ms`; resolves true if it settled in time. Never rejects. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
