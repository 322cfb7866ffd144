import type { Platform } from '@parley/protocol';

/** One logged-in connection ("instance") of a user, on one gateway node. */
export interface SessionRecord {
  sdkAppId: number;
  userId: string;
  instanceId: string;
  platform: Platform;
  nodeId: string;
  connectedAt: number;
}

/** Decides, from the user's live sessions, which ones the new login evicts. Pure; may run more than once. */
export type EvictionDecision = (existing: readonly SessionRecord[]) => SessionRecord[];

/**
 * Who is online where, across the cluster. Adapters: embedded (in-process), Redis.
 * Sessions of a node that stops heartbeating are treated as gone (a killed node's users are offline).
 */
export interface SessionRegistry {
  /**
   * Atomically: reads the user's live sessions, applies `decide`, stores the new session and removes the evicted
   * ones. Fails with CONNECTION_QUOTA_EXCEEDED when the app already has `maxAppConnections` live sessions.
   * Returns the evicted sessions (the caller kicks them).
   */
  register(
    session: SessionRecord,
    decide: EvictionDecision,
    maxAppConnections: number,
  ): Promise<SessionRecord[]>;
  unregister(session: SessionRecord): Promise<void>;
  list(sdkAppId: number, userId: string): Promise<SessionRecord[]>;
  countApp(sdkAppId: number): Promise<number>;
  /**
   * Keeps this node's sessions alive; called periodically by each gateway node. Resolves false when the registry
   * had no live record of the node (its first heartbeat, or the registry lost its state, e.g. a Redis restart):
   * the node then registers its open sessions again.
   */
  heartbeat(nodeId: string): Promise<boolean>;
  /** Whether the node heartbeated within the node TTL (a node that never did is not alive). */
  isNodeAlive(nodeId: string): Promise<boolean>;
  close(): Promise<void>;
}
