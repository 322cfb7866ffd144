import type { EvictionDecision, SessionRecord, SessionRegistry } from '@parley/domain';
import type { Platform } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

/** What one test of the suite gets: a fresh registry, isolated from every other test. */
export interface SessionRegistryFixture {
  /** The registry under test, acting as one gateway node. */
  registry: SessionRegistry;
  /** A registry over the same shared state, as another node holds it (an in-process adapter may pass `registry`). */
  peer: SessionRegistry;
  /** The node TTL both registries were built with. */
  nodeTtlMs: number;
  /** Lets `ms` pass for the registries (embedded: advance the injected clock; Redis: wait, TTLs run on the server). */
  passTime(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

function session(sdkAppId: number, userId: string, instanceId: string, extra: Partial<SessionRecord> = {}) {
  const record: SessionRecord = {
    sdkAppId,
    userId,
    instanceId,
    platform: 'android' satisfies Platform,
    nodeId: 'node-a',
    connectedAt: 1_700_000_000_000,
    ...extra,
  };
  return record;
}

const keepAll: EvictionDecision = () => [];

/** Keeps at most `max` sessions of the user: evicts the oldest existing ones (instanceId breaks ties). */
function keepAtMost(max: number): EvictionDecision {
  return (existing) => {
    const sorted = [...existing].sort(
      (a, b) => a.connectedAt - b.connectedAt || a.instanceId.localeCompare(b.instanceId),
    );
    return sorted.slice(0, Math.max(0, sorted.length + 1 - max));
  };
}

function byInstance(sessions: readonly SessionRecord[]): SessionRecord[] {
  return [...sessions].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

async function expectErrorName(promise: Promise<unknown>, errorName: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'ParleyError', errorName });
}

/**
 * The behaviour every SessionRegistry adapter must show. Nodes are made alive with `heartbeat` before they register,
 * and "a node dies" means it stops heartbeating for longer than the node TTL.
 */
export function describeSessionRegistryContract(
  adapterName: string,
  factory: () => Promise<SessionRegistryFixture>,
): void {
  describe(`SessionRegistry contract: ${adapterName}`, () => {
    let fx: SessionRegistryFixture;
    let app: number;

    beforeEach(async () => {
      fx = await factory();
      app = freshAppId();
      await fx.registry.heartbeat('node-a');
      await fx.peer.heartbeat('node-b');
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('lists a registered session with every field intact', async () => {
      const s = session(app, 'alice', 'i1', { platform: 'web', connectedAt: 1_700_000_123_456 });
      expect(await fx.registry.register(s, keepAll, 100)).toEqual([]);
      expect(await fx.registry.list(app, 'alice')).toEqual([s]);
      expect(await fx.peer.list(app, 'alice')).toEqual([s]);
    });

    it('lists nothing for an unknown user', async () => {
      expect(await fx.registry.list(app, 'nobody')).toEqual([]);
      expect(await fx.registry.countApp(app)).toBe(0);
    });

    it('gives decide the live sessions of that user only, and removes and returns what it evicts', async () => {
      const old = session(app, 'alice', 'i1', { connectedAt: 1 });
      const other = session(app, 'bob', 'i2');
      const otherApp = session(freshAppId(), 'alice', 'i3');
      for (const s of [old, other, otherApp]) await fx.registry.register(s, keepAll, 100);

      const seen: SessionRecord[][] = [];
      const incoming = session(app, 'alice', 'i4', { nodeId: 'node-b', connectedAt: 2 });
      const evicted = await fx.peer.register(
        incoming,
        (existing) => {
          seen.push([...existing]);
          return [...existing];
        },
        100,
      );
      expect(seen.length).toBeGreaterThan(0);
      for (const snapshot of seen) expect(snapshot).toEqual([old]);
      expect(evicted).toEqual([old]);
      expect(await fx.registry.list(app, 'alice')).toEqual([incoming]);
      expect(await fx.registry.list(app, 'bob')).toEqual([other]);
      expect(await fx.registry.list(otherApp.sdkAppId, 'alice')).toEqual([otherApp]);
      expect(await fx.registry.countApp(app)).toBe(2);
    });

    it('keeps sessions on several nodes side by side', async () => {
      const a = session(app, 'alice', 'i1', { nodeId: 'node-a' });
      const b = session(app, 'alice', 'i2', { nodeId: 'node-b', platform: 'ios' });
      await fx.registry.register(a, keepAll, 100);
      await fx.peer.register(b, keepAll, 100);
      expect(byInstance(await fx.registry.list(app, 'alice'))).toEqual([a, b]);
      expect(await fx.peer.countApp(app)).toBe(2);
    });

    it('replaces a re-registered instance instead of duplicating it', async () => {
      await fx.registry.register(session(app, 'alice', 'i1'), keepAll, 100);
      const again = session(app, 'alice', 'i1', { nodeId: 'node-b', connectedAt: 1_700_000_999_000 });
      await fx.peer.register(again, keepAll, 100);
      expect(await fx.registry.list(app, 'alice')).toEqual([again]);
      expect(await fx.registry.countApp(app)).toBe(1);
    });

    it('unregisters one session; unregistering an unknown one is a no-op', async () => {
      const a = session(app, 'alice', 'i1');
      const b = session(app, 'alice', 'i2');
      await fx.registry.register(a, keepAll, 100);
      await fx.registry.register(b, keepAll, 100);
      await fx.peer.unregister(a);
      expect(await fx.registry.list(app, 'alice')).toEqual([b]);
      expect(await fx.registry.countApp(app)).toBe(1);
      await fx.registry.unregister(a);
      await fx.registry.unregister(session(app, 'ghost', 'i9'));
      expect(await fx.registry.list(app, 'alice')).toEqual([b]);
    });

    it('does not let a stale unregister remove the newer registration of the same instance', async () => {
      // A client reconnects to node-b before node-a notices the old socket closed.
      const first = session(app, 'alice', 'i1', { nodeId: 'node-a', connectedAt: 1 });
      const second = session(app, 'alice', 'i1', { nodeId: 'node-b', connectedAt: 2 });
      await fx.registry.register(first, keepAll, 100);
      await fx.peer.register(second, keepAll, 100);
      await fx.registry.unregister(first);
      expect(await fx.registry.list(app, 'alice')).toEqual([second]);
      expect(await fx.registry.countApp(app)).toBe(1);
    });

    it('counts live sessions per app, apps apart', async () => {
      const other = freshAppId();
      await fx.registry.register(session(app, 'alice', 'i1'), keepAll, 100);
      await fx.peer.register(session(app, 'bob', 'i2', { nodeId: 'node-b' }), keepAll, 100);
      await fx.registry.register(session(other, 'alice', 'i3'), keepAll, 100);
      expect(await fx.registry.countApp(app)).toBe(2);
      expect(await fx.peer.countApp(other)).toBe(1);
    });

    it('fails with CONNECTION_QUOTA_EXCEEDED when the app is full, changing nothing', async () => {
      await fx.registry.register(session(app, 'alice', 'i1'), keepAll, 2);
      await fx.peer.register(session(app, 'bob', 'i2', { nodeId: 'node-b' }), keepAll, 2);
      await expectErrorName(
        fx.registry.register(session(app, 'carol', 'i3'), keepAll, 2),
        'CONNECTION_QUOTA_EXCEEDED',
      );
      expect(await fx.registry.list(app, 'carol')).toEqual([]);
      expect(await fx.registry.countApp(app)).toBe(2);
      // The quota is per app: another app is not affected.
      const other = freshAppId();
      expect(await fx.registry.register(session(other, 'carol', 'i3'), keepAll, 2)).toEqual([]);
    });

    it('frees quota on unregister', async () => {
      const a = session(app, 'alice', 'i1');
      await fx.registry.register(a, keepAll, 1);
      await fx.registry.unregister(a);
      await fx.peer.register(session(app, 'bob', 'i2', { nodeId: 'node-b' }), keepAll, 1);
      expect(await fx.registry.countApp(app)).toBe(1);
    });

    it('admits exactly maxAppConnections of many concurrent logins from two nodes', async () => {
      const attempts = Array.from({ length: 12 }, (_, i) => {
        const nodeRegistry = i % 2 === 0 ? fx.registry : fx.peer;
        const s = session(app, `user${i}`, `i${i}`, { nodeId: i % 2 === 0 ? 'node-a' : 'node-b' });
        return nodeRegistry.register(s, keepAll, 5);
      });
      const results = await Promise.allSettled(attempts);
      const admitted = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      expect(admitted).toHaveLength(5);
      for (const r of refused) expect(r.reason).toMatchObject({ errorName: 'CONNECTION_QUOTA_EXCEEDED' });
      expect(await fx.registry.countApp(app)).toBe(5);
    });

    it('applies the decision atomically under 20 concurrent logins of one user from two nodes', async () => {
      const incoming = Array.from({ length: 20 }, (_, i) =>
        session(app, 'alice', `i${String(i).padStart(2, '0')}`, {
          nodeId: i % 2 === 0 ? 'node-a' : 'node-b',
          connectedAt: 1_700_000_000_000 + i,
        }),
      );
      const results = await Promise.all(
        incoming.map((s, i) => (i % 2 === 0 ? fx.registry : fx.peer).register(s, keepAtMost(2), 1_000)),
      );
      const evictedIds = results.flat().map((s) => s.instanceId);
      const remaining = await fx.registry.list(app, 'alice');
      const remainingIds = remaining.map((s) => s.instanceId);

      expect(remaining).toHaveLength(2);
      expect(new Set(evictedIds).size).toBe(evictedIds.length);
      expect(evictedIds).toHaveLength(18);
      expect([...evictedIds, ...remainingIds].sort()).toEqual(incoming.map((s) => s.instanceId).sort());
      expect(await fx.registry.countApp(app)).toBe(2);
    });

    it('treats the sessions of a node that stopped heartbeating as gone', async () => {
      const dead = session(app, 'alice', 'i1', { nodeId: 'node-a' });
      const live = session(app, 'bob', 'i2', { nodeId: 'node-b' });
      await fx.registry.register(dead, keepAll, 100);
      await fx.peer.register(live, keepAll, 100);

      // node-b keeps heartbeating through two TTLs; node-a stays silent.
      const step = Math.floor(fx.nodeTtlMs / 4);
      for (let i = 0; i < 8; i += 1) {
        await fx.passTime(step);
        await fx.peer.heartbeat('node-b');
      }

      expect(await fx.peer.list(app, 'alice')).toEqual([]);
      expect(await fx.peer.list(app, 'bob')).toEqual([live]);
      expect(await fx.peer.countApp(app)).toBe(1);

      // A dead node's sessions are neither shown to decide nor returned as evicted, and free their quota.
      const seen: SessionRecord[][] = [];
      const incoming = session(app, 'alice', 'i3', { nodeId: 'node-b' });
      const evicted = await fx.peer.register(
        incoming,
        (existing) => {
          seen.push([...existing]);
          return [...existing];
        },
        2,
      );
      expect(evicted).toEqual([]);
      for (const snapshot of seen) expect(snapshot).toEqual([]);
      expect(await fx.peer.list(app, 'alice')).toEqual([incoming]);
      expect(await fx.peer.countApp(app)).toBe(2);
    });

    it('keeps the sessions of a node that keeps heartbeating', async () => {
      const s = session(app, 'alice', 'i1', { nodeId: 'node-a' });
      await fx.registry.register(s, keepAll, 100);
      const step = Math.floor(fx.nodeTtlMs / 4);
      for (let i = 0; i < 6; i += 1) {
        await fx.passTime(step);
        await fx.registry.heartbeat('node-a');
      }
      // More than the node TTL has passed since register; only the heartbeats kept the session.
      expect(await fx.peer.list(app, 'alice')).toEqual([s]);
      expect(await fx.peer.countApp(app)).toBe(1);
    });

    it('heartbeat tells whether the registry still knew the node', async () => {
      const node = `node-${Math.random().toString(36).slice(2)}`;
      expect(await fx.registry.heartbeat(node)).toBe(false);
      expect(await fx.registry.heartbeat(node)).toBe(true);
      // Silent for longer than the TTL: the registry forgot it, so the node must register its sessions again.
      await fx.passTime(fx.nodeTtlMs * 2);
      expect(await fx.peer.heartbeat(node)).toBe(false);
    });

    it('isNodeAlive: a node is alive from its heartbeat until the TTL lapses, in every node’s view', async () => {
      const node = `node-${Math.random().toString(36).slice(2)}`;
      expect(await fx.peer.isNodeAlive(node)).toBe(false);
      await fx.registry.heartbeat(node);
      expect(await fx.registry.isNodeAlive(node)).toBe(true);
      expect(await fx.peer.isNodeAlive(node)).toBe(true);
      await fx.passTime(fx.nodeTtlMs * 2);
      expect(await fx.peer.isNodeAlive(node)).toBe(false);
    });
  });
}
