import { type Clock, type SessionRecord, type SessionRegistry, systemClock } from '@parley/domain';
import { ParleyError } from '@parley/protocol';

/**
 * Sessions in process memory: the registry of the single-process embedded default. Node liveness still
 * applies (a node is alive while it heartbeats or registers within nodeTtlMs), so it behaves like the Redis one.
 */
export function createMemorySessionRegistry(
  options: { clock?: Clock; nodeTtlMs?: number } = {},
): SessionRegistry {
  const clock = options.clock ?? systemClock;
  const nodeTtlMs = options.nodeTtlMs ?? 30_000;
  const byUser = new Map<string, Map<string, SessionRecord>>();
  const byApp = new Map<number, Map<string, SessionRecord>>();
  const nodeSeen = new Map<string, number>();

  const alive = (nodeId: string) =>
    clock.now() - (nodeSeen.get(nodeId) ?? Number.NEGATIVE_INFINITY) <= nodeTtlMs;

  function remove(session: SessionRecord): void {
    const key = userKey(session.sdkAppId, session.userId);
    const user = byUser.get(key);
    if (user?.delete(session.instanceId) && user.size === 0) byUser.delete(key);
    const app = byApp.get(session.sdkAppId);
    if (app?.delete(instanceKey(session)) && app.size === 0) byApp.delete(session.sdkAppId);
  }

  /** Drops the sessions of dead nodes from one user (lazily, where they are looked at). */
  function liveSessions(sdkAppId: number, userId: string): SessionRecord[] {
    const user = byUser.get(userKey(sdkAppId, userId));
    if (!user) return [];
    const live: SessionRecord[] = [];
    for (const session of [...user.values()]) {
      if (alive(session.nodeId)) live.push(session);
      else remove(session);
    }
    return live;
  }

  function countApp(sdkAppId: number): number {
    const app = byApp.get(sdkAppId);
    if (!app) return 0;
    // Liveness is per node: decided once per node here, not once per session (logins count the app every time).
    const dead = [...nodeSeen.keys()].filter((nodeId) => !alive(nodeId));
    if (dead.length > 0) {
      for (const session of [...app.values()]) if (dead.includes(session.nodeId)) remove(session);
    }
    return byApp.get(sdkAppId)?.size ?? 0;
  }

  return {
    async register(session, decide, maxAppConnections) {
      nodeSeen.set(session.nodeId, clock.now());
      const existing = liveSessions(session.sdkAppId, session.userId).filter(
        (s) => s.instanceId !== session.instanceId,
      );
      const replacing =
        byUser.get(userKey(session.sdkAppId, session.userId))?.has(session.instanceId) ?? false;
      const evicted = decide(existing).filter((s) => existing.includes(s));
      const after = countApp(session.sdkAppId) - evicted.length + (replacing ? 0 : 1);
      if (after > maxAppConnections) throw new ParleyError('CONNECTION_QUOTA_EXCEEDED');
      for (const old of evicted) remove(old);
      const key = userKey(session.sdkAppId, session.userId);
      const previous = byUser.get(key)?.get(session.instanceId);
      if (previous) remove(previous);
      let user = byUser.get(key);
      if (!user) {
        user = new Map();
        byUser.set(key, user);
      }
      user.set(session.instanceId, session);
      let app = byApp.get(session.sdkAppId);
      if (!app) {
        app = new Map();
        byApp.set(session.sdkAppId, app);
      }
      app.set(instanceKey(session), session);
      return evicted;
    },
    async unregister(session) {
      const current = byUser.get(userKey(session.sdkAppId, session.userId))?.get(session.instanceId);
      // Only the same registration: a reconnect elsewhere may have re-registered the instance.
      if (current && current.nodeId === session.nodeId && current.connectedAt === session.connectedAt)
        remove(current);
    },
    async list(sdkAppId, userId) {
      return liveSessions(sdkAppId, userId);
    },
    async countApp(sdkAppId) {
      return countApp(sdkAppId);
    },
    async heartbeat(nodeId) {
      const wasAlive = alive(nodeId);
      nodeSeen.set(nodeId, clock.now());
      return wasAlive;
    },
    async isNodeAlive(nodeId) {
      return alive(nodeId);
    },
    async close() {
      byUser.clear();
      byApp.clear();
    },
  };
}

function userKey(sdkAppId: number, userId: string): string {
  return `${sdkAppId}\u0000${userId}`;
}

function instanceKey(session: SessionRecord): string {
  return `${session.userId}\u0000${session.instanceId}`;
}
