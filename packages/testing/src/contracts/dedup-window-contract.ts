import type { DedupWindow } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What one test of the suite gets: a fresh window, isolated from every other test. */
export interface DedupWindowFixture {
  dedup: DedupWindow;
  /** A window over the same shared state, as another node holds it (an in-process adapter may pass `dedup`). */
  peer: DedupWindow;
  /**
   * The time unit the tests express TTLs in: short enough to wait for on a real server, long enough that a few
   * round trips never take it (e.g. 1000 with a manual clock, 300 against Redis).
   */
  unitMs: number;
  /** Lets `ms` pass for the window (embedded: advance the injected clock; Redis: wait, TTLs run on the server). */
  passTime(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** The behaviour every DedupWindow adapter must show. */
export function describeDedupWindowContract(
  adapterName: string,
  factory: () => Promise<DedupWindowFixture>,
): void {
  describe(`DedupWindow contract: ${adapterName}`, () => {
    let fx: DedupWindowFixture;
    let long: number;

    beforeEach(async () => {
      fx = await factory();
      long = fx.unitMs * 20;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('claims a free key once; a second claim sees it pending', async () => {
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'pending' });
      expect(await fx.peer.claim('k1', long)).toEqual({ state: 'pending' });
    });

    it('keys are independent', async () => {
      expect(await fx.dedup.claim('app1:alice:1', long)).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('app1:alice:2', long)).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('app2:alice:1', long)).toEqual({ state: 'claimed' });
    });

    it('returns the stored value once completed, to every node', async () => {
      const value = JSON.stringify({ seq: 3, text: 'héllo 👋', quote: '"' });
      await fx.dedup.claim('k1', long);
      await fx.dedup.complete('k1', value, long);
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'done', value });
      expect(await fx.peer.claim('k1', long)).toEqual({ state: 'done', value });
    });

    it('stores an empty string value as done', async () => {
      await fx.dedup.claim('k1', long);
      await fx.dedup.complete('k1', '', long);
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'done', value: '' });
    });

    it('frees a pending claim on release so a retry may claim it', async () => {
      await fx.dedup.claim('k1', long);
      await fx.peer.release('k1');
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'claimed' });
    });

    it('does not let release remove a completed result', async () => {
      await fx.dedup.claim('k1', long);
      await fx.dedup.complete('k1', 'reply', long);
      await fx.dedup.release('k1');
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'done', value: 'reply' });
    });

    it('treats release of an unknown key as a no-op', async () => {
      await expect(fx.dedup.release('never-claimed')).resolves.toBeUndefined();
      expect(await fx.dedup.claim('never-claimed', long)).toEqual({ state: 'claimed' });
    });

    it('forgets a claim after its TTL', async () => {
      await fx.dedup.claim('k1', fx.unitMs);
      await fx.passTime(fx.unitMs * 3);
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'claimed' });
    });

    it('keeps a completed result for the TTL given to complete, then forgets it', async () => {
      await fx.dedup.claim('k1', fx.unitMs);
      await fx.dedup.complete('k1', 'reply', fx.unitMs * 6);
      // Past the claim's TTL but within the result's.
      await fx.passTime(fx.unitMs * 2);
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'done', value: 'reply' });
      await fx.passTime(fx.unitMs * 8);
      expect(await fx.dedup.claim('k1', long)).toEqual({ state: 'claimed' });
    });

    it('grants exactly one of many concurrent claims from two nodes', async () => {
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? fx.dedup : fx.peer).claim('hot', long)),
      );
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'pending')).toHaveLength(49);
    });
  });
}
