export type DedupClaim = { state: 'claimed' } | { state: 'pending' } | { state: 'done'; value: string };

/**
 * Remembers recent sends by key (app, sender, random) so a resend returns the original reply.
 * Adapters: embedded (in-process), Redis. Entries expire after their TTL.
 */
export interface DedupWindow {
  /** Claims the key if free; otherwise says whether it is pending or done (with the stored value). */
  claim(key: string, ttlMs: number): Promise<DedupClaim>;
  /** Stores the result for the rest of the window. */
  complete(key: string, value: string, ttlMs: number): Promise<void>;
  /** Frees a claim whose send failed, so a retry may proceed. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
