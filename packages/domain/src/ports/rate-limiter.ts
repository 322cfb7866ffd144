/** Fixed one-second windows per key. Adapters: embedded (in-process), Redis (shared by all nodes). */
export interface RateLimiter {
  /** Takes one unit; false when `limitPerSecond` units were already taken in the current second. */
  take(key: string, limitPerSecond: number): Promise<boolean>;
  close(): Promise<void>;
}
