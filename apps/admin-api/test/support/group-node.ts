import {
  Cluster,
  createGroupServices,
  type GroupServices,
  type LocalSession,
  noGroupHooks,
  SendClaims,
} from '@parley/domain';
import { type EmbeddedStores, openMemoryCluster } from '@parley/storage-embedded';

/**
 * The group services as the server wires them, on the embedded stores and one in-process cluster node (memory
 * bus, registry, dedup window and rate limiter): group pushes reach the sessions attached with `online`.
 */
export class GroupNode {
  readonly services: GroupServices;
  readonly #stores: EmbeddedStores;
  readonly #ports = openMemoryCluster({ nodeTtlMs: 60_000 });
  readonly #cluster: Cluster;
  readonly #now: () => number;

  constructor(stores: EmbeddedStores, now: () => number) {
    this.#stores = stores;
    this.#now = now;
    this.#cluster = new Cluster({
      nodeId: 'admin-test',
      bus: this.#ports.bus,
      sessions: this.#ports.sessions,
      groupRoutes: this.#ports.groupRoutes,
      clustered: false,
      onError: (error) => {
        throw error;
      },
    });
    this.services = createGroupServices({
      groups: stores.groups,
      log: stores.groupLog,
      messages: stores.messages,
      accounts: stores.accounts,
      claims: new SendClaims({
        dedup: this.#ports.dedup,
        sessions: this.#ports.sessions,
        nodeId: 'admin-test',
      }),
      rateLimiter: this.#ports.rateLimiter,
      delivery: this.#cluster,
      // Without group callbacks: they have suites of their own.
      hooks: noGroupHooks,
      clock: { now },
    });
  }

  start(): Promise<void> {
    return this.#cluster.start();
  }

  /** A session of `userId` on the node, in the rosters of the user's groups (as after a login). */
  async online(sdkAppId: number, userId: string): Promise<RecordingSession> {
    const session = new RecordingSession(sdkAppId, userId, this.#now());
    const memberships = await this.#stores.groups.memberships(sdkAppId, userId, 1000);
    this.#cluster.attach(
      session,
      memberships.map((membership) => membership.groupId),
    );
    return session;
  }

  close(): Promise<void> {
    return this.#ports.close();
  }
}

/** A logged-in session's socket edge: keeps the pushes it is sent, parsed. */
export class RecordingSession implements LocalSession {
  readonly record: LocalSession['record'];
  readonly pushes: { push: string; data: Record<string, unknown> }[] = [];
  readonly kicks: string[] = [];

  constructor(sdkAppId: number, userId: string, now: number) {
    this.record = {
      sdkAppId,
      userId,
      instanceId: `${userId}-1`,
      platform: 'web',
      nodeId: 'admin-test',
      connectedAt: now,
    };
  }

  sendFrame(frame: string): void {
    this.pushes.push(JSON.parse(frame) as { push: string; data: Record<string, unknown> });
  }

  kick(reason: string): void {
    this.kicks.push(reason);
  }
}
