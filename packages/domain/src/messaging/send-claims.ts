import type { DedupClaim, DedupWindow } from '../ports/dedup-window.ts';
import type { SessionRegistry } from '../ports/session-registry.ts';

/** A resend with the same random within this window returns the original reply (Tencent's rule). */
export const DEDUP_WINDOW_MS = 5 * 60_000;
/**
 * How long a send in progress holds its dedup claim. Longer than any send takes (the before-send callback is
 * capped at 10 s). A node that dies mid-send does not block the resend this long: its claim is taken over as soon
 * as its liveness lapses (the session registry's node TTL).
 */
export const DEDUP_PENDING_MS = 30_000;

export interface SendClaimsDeps {
  dedup: DedupWindow;
  /** Node liveness: a claim is only as alive as the node holding it. */
  sessions: Pick<SessionRegistry, 'isNodeAlive'>;
  /** This node: the holder of the claims it makes. */
  nodeId: string;
}

/**
 * The dedup claims of this node's sends (one-to-one and group). A claim held by another node whose liveness lapsed
 * (killed mid-send) is taken over, so the client's resend goes through within seconds; the send that takes it
 * over looks in the store first, so a message the dead node stored is answered, not stored twice.
 */
export class SendClaims {
  readonly #d: SendClaimsDeps;

  constructor(deps: SendClaimsDeps) {
    this.#d = deps;
  }

  async claim(key: string): Promise<DedupClaim> {
    const { dedup, sessions, nodeId } = this.#d;
    const claim = await dedup.claim(key, DEDUP_PENDING_MS, nodeId);
    if (claim.state !== 'pending' || claim.holder === nodeId) return claim;
    if (await sessions.isNodeAlive(claim.holder)) return claim;
    if (await dedup.takeOver(key, claim.holder, nodeId, DEDUP_PENDING_MS)) return { state: 'claimed' };
    // Another node took it over first, or it completed or lapsed meanwhile: what the key holds now.
    return dedup.claim(key, DEDUP_PENDING_MS, nodeId);
  }

  /** Keeps the send's reply for the rest of the dedup window. */
  complete(key: string, reply: string): Promise<void> {
    return this.#d.dedup.complete(key, reply, DEDUP_WINDOW_MS);
  }

  release(key: string): Promise<void> {
    return this.#d.dedup.release(key);
  }
}
