/** Longest wait between two attempts, whatever the attempt count. */
export const MAX_BACKOFF_MS = 60 * 60_000;

/** Exponential backoff: the wait after the n-th failed attempt (n >= 1) is initial * 2^(n-1), capped. */
export function retryDelayMs(initialBackoffMs: number, failedAttempts: number): number {
  return Math.min(initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1), MAX_BACKOFF_MS);
}
