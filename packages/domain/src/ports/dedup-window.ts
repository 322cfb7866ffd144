/** A claim on a send's key: free (now ours), held by a send in progress on `holder` (a node ID), or done. */
export type DedupClaim =
  | { state: 'claimed' }
  | { state: 'pending'; holder: string }
  | { state: 'done'; value: string };

/**
 * Remembers recent sends by key (app, sender, random) so a resend returns the original reply.
 * Adapters: embedded (in-process), Redis. Entries expire after their TTL.
 */
export interface DedupWindow {
  /** Claims the key for `holder` if free; otherwise says whether it is pending (and whose) or done (with the value). */
  claim(key: string, ttlMs: number, holder: string): Promise<DedupClaim>;
  /**
   * Moves a pending claim from `from` (a node that is gone) to `to`, for `ttlMs`, in one atomic step. False when the
   * key is no longer `from`'s pending claim (done, released, expired or taken over already): one caller wins.
   */
  takeOver(key: string, from: string, to: string, ttlMs: number): Promise<boolean>;
  /** Stores the result for the rest of the window. */
  complete(key: string, value: string, ttlMs: number): Promise<void>;
  /** Frees a claim whose send failed, so a retry may proceed. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
