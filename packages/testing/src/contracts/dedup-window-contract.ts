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
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'pending', holder: 'node-a' });
      expect(await fx.peer.claim('k1', long, 'node-b')).toEqual({ state: 'pending', holder: 'node-a' });
    });

    it('keys are independent', async () => {
      expect(await fx.dedup.claim('app1:alice:1', long, 'node-a')).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('app1:alice:2', long, 'node-a')).toEqual({ state: 'claimed' });
      expect(await fx.dedup.claim('app2:alice:1', long, 'node-a')).toEqual({ state: 'claimed' });
    });

    it('returns the stored value once completed, to every node', async () => {
      const value = JSON.stringify({ seq: 3, text: 'héllo 👋', quote: '"' });
      await fx.dedup.claim('k1', long, 'node-a');
      await fx.dedup.complete('k1', value, long);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'done', value });
      expect(await fx.peer.claim('k1', long, 'node-b')).toEqual({ state: 'done', value });
    });

    it('stores an empty string value as done', async () => {
      await fx.dedup.claim('k1', long, 'node-a');
      await fx.dedup.complete('k1', '', long);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'done', value: '' });
    });

    it('frees a pending claim on release so a retry may claim it', async () => {
      await fx.dedup.claim('k1', long, 'node-a');
      await fx.peer.release('k1');
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'claimed' });
    });

    it('does not let release remove a completed result', async () => {
      await fx.dedup.claim('k1', long, 'node-a');
      await fx.dedup.complete('k1', 'reply', long);
      await fx.dedup.release('k1');
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'done', value: 'reply' });
    });

    it('treats release of an unknown key as a no-op', async () => {
      await expect(fx.dedup.release('never-claimed')).resolves.toBeUndefined();
      expect(await fx.dedup.claim('never-claimed', long, 'node-a')).toEqual({ state: 'claimed' });
    });

    it('forgets a claim after its TTL', async () => {
      await fx.dedup.claim('k1', fx.unitMs, 'node-a');
      await fx.passTime(fx.unitMs * 3);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'claimed' });
    });

    it('keeps a completed result for the TTL given to complete, then forgets it', async () => {
      await fx.dedup.claim('k1', fx.unitMs, 'node-a');
      await fx.dedup.complete('k1', 'reply', fx.unitMs * 6);
      // Past the claim's TTL but within the result's.
      await fx.passTime(fx.unitMs * 2);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'done', value: 'reply' });
      await fx.passTime(fx.unitMs * 8);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'claimed' });
    });

    it('grants exactly one of many concurrent claims from two nodes', async () => {
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 === 0 ? fx.dedup.claim('hot', long, 'node-a') : fx.peer.claim('hot', long, 'node-b'),
        ),
      );
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'pending')).toHaveLength(49);
    });

    it('moves a pending claim from a gone holder to another, once, however many try at the same time', async () => {
      await fx.dedup.claim('k1', long, 'node-a');
      const tries = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? fx.peer : fx.dedup).takeOver('k1', 'node-a', `node-${i}`, long),
        ),
      );
      expect(tries.filter(Boolean)).toHaveLength(1);
      const winner = `node-${tries.indexOf(true)}`;
      expect(await fx.peer.claim('k1', long, 'node-x')).toEqual({ state: 'pending', holder: winner });
      // The new holder completes as any holder does.
      await fx.peer.complete('k1', 'reply', long);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'done', value: 'reply' });
    });

    it('takes over nothing but a pending claim of the named holder', async () => {
      expect(await fx.dedup.takeOver('free', 'node-a', 'node-b', long)).toBe(false);
      expect(await fx.dedup.claim('free', long, 'node-c')).toEqual({ state: 'claimed' });
      await fx.dedup.claim('other', long, 'node-c');
      expect(await fx.peer.takeOver('other', 'node-a', 'node-b', long)).toBe(false);
      expect(await fx.peer.claim('other', long, 'node-b')).toEqual({ state: 'pending', holder: 'node-c' });
      await fx.dedup.claim('done', long, 'node-a');
      await fx.dedup.complete('done', 'reply', long);
      expect(await fx.peer.takeOver('done', 'node-a', 'node-b', long)).toBe(false);
      expect(await fx.peer.claim('done', long, 'node-b')).toEqual({ state: 'done', value: 'reply' });
    });

    it('gives a taken-over claim the new TTL', async () => {
      await fx.dedup.claim('k1', fx.unitMs, 'node-a');
      expect(await fx.peer.takeOver('k1', 'node-a', 'node-b', fx.unitMs * 10)).toBe(true);
      await fx.passTime(fx.unitMs * 3);
      expect(await fx.dedup.claim('k1', long, 'node-a')).toEqual({ state: 'pending', holder: 'node-b' });
    });
  });
}
