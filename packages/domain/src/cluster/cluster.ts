import type { KickReason, PushName, PushPayloads } from '@parley/protocol';
import type { GroupDelivery } from '../groups/group-delivery.ts';
import type { PushDelivery, PushTarget } from '../messaging/push-delivery.ts';
import type { GroupRoutes } from '../ports/group-routes.ts';
import type { BusEnvelope, MessageBus } from '../ports/message-bus.ts';
import type { SessionRecord, SessionRegistry } from '../ports/session-registry.ts';
import { GroupFanout } from './group-fanout.ts';
import { type LocalSession, LocalSessions } from './local-sessions.ts';

export interface ClusterDeps {
  nodeId: string;
  bus: MessageBus;
  sessions: SessionRegistry;
  /** Which nodes hold online members of which groups (group fan-out). */
  groupRoutes: GroupRoutes;
  /** False on the embedded single-process default: every session is local, so the registry is not asked. */
  clustered: boolean;
  /** Told of every push frame written to this node's sessions (metrics: messages out, send-to-push delay). */
  onDelivered?: (frame: string, sessions: number) => void;
  /** Failures of best-effort work (routing, broadcasts) are reported here, never thrown. */
  onError(error: unknown, context: { what: string; nodeId?: string; sdkAppId?: number }): void;
}

export type ConfigChangeListener = (sdkAppId: number, revision: number) => void;

/**
 * This node's membership of the cluster: the one subscription to the bus, and every kind of traffic between nodes.
 * - pushes: local sessions directly, sessions on other nodes through one `deliver` per node (each push is
 *   serialised once, whatever the number of recipients);
 * - kicks of evicted sessions wherever they are;
 * - config changes, broadcast once and handed to this node's listeners once (the broadcast reaches its sender
 *   too, so the sender does not also apply its own change);
 * - deleted accounts, whose sessions end on every node;
 * - group pushes, once to each node holding online members of the group (group-fanout.ts), and roster changes;
 * - the registry heartbeat, which registers the node's sessions again when the registry forgot them.
 */
export class Cluster implements PushDelivery, GroupDelivery {
  readonly local = new LocalSessions();
  readonly groups: GroupFanout;
  readonly #d: ClusterDeps;
  readonly #configListeners = new Set<ConfigChangeListener>();
  readonly #registryLostListeners = new Set<() => void>();

  constructor(deps: ClusterDeps) {
    this.#d = deps;
    this.groups = new GroupFanout({
      nodeId: deps.nodeId,
      local: this.local,
      routes: deps.groupRoutes,
      clustered: deps.clustered,
      send: (nodeId, envelope) => this.#send(nodeId, envelope),
      broadcast: (envelope) => {
        this.#d.bus.broadcast(envelope).catch((error: unknown) => {
          this.#d.onError(error, { what: `broadcast ${envelope.kind}` });
        });
      },
      ...(deps.onDelivered ? { onDelivered: deps.onDelivered } : {}),
      onError: deps.onError,
    });
  }

  /** A session logged in on this node: it receives its user's pushes and the pushes of `groupIds`. */
  attach(session: LocalSession, groupIds: readonly string[]): void {
    this.local.add(session);
    this.groups.enter(session.record.sdkAppId, session.record.userId, groupIds);
  }

  /** A session of this node ended; the user's last one takes them out of this node's group rosters. */
  detach(session: LocalSession): void {
    this.local.remove(session);
    const { sdkAppId, userId } = session.record;
    if (!this.local.ofUser(sdkAppId, userId)) this.groups.leave(sdkAppId, userId);
  }

  pushToGroup<P extends PushName>(
    sdkAppId: number,
    groupId: string,
    push: P,
    data: PushPayloads[P],
    exceptInstanceId?: string,
  ): void {
    this.groups.pushToGroup(sdkAppId, groupId, push, data, exceptInstanceId);
  }

  addToRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void {
    this.groups.addToRoster(sdkAppId, groupId, userIds);
  }

  removeFromRoster(sdkAppId: number, groupId: string, userIds: readonly string[]): void {
    this.groups.removeFromRoster(sdkAppId, groupId, userIds);
  }

  dropRoster(sdkAppId: number, groupId: string): void {
    this.groups.dropRoster(sdkAppId, groupId);
  }

  onlineCount(sdkAppId: number, groupId: string): Promise<number> {
    return this.groups.onlineCount(sdkAppId, groupId);
  }

  isOnlineMember(sdkAppId: number, groupId: string, userId: string): Promise<boolean> {
    return this.groups.isOnlineMember(sdkAppId, groupId, userId);
  }

  /** Subscribes to the bus. Call once, before serving. */
  start(): Promise<void> {
    return this.#d.bus.subscribe(this.#d.nodeId, (envelope) => this.#receive(envelope));
  }

  push<P extends PushName>(
    sdkAppId: number,
    targets: readonly PushTarget[],
    push: P,
    data: PushPayloads[P],
  ): void {
    const frame = JSON.stringify({ push, data });
    for (const target of targets) {
      this.#deliverLocal(sdkAppId, target.userId, frame, target.exceptInstanceId);
      if (this.#d.clustered) this.#deliverRemote(sdkAppId, target, frame);
    }
  }

  /** Ends a session wherever it is connected. */
  kick(session: SessionRecord, reason: KickReason, byPlatform?: string): void {
    if (session.nodeId === this.#d.nodeId) {
      this.local.find(session.sdkAppId, session.userId, session.instanceId)?.kick(reason, byPlatform);
      return;
    }
    this.#send(session.nodeId, {
      kind: 'kick',
      sdkAppId: session.sdkAppId,
      userId: session.userId,
      instanceId: session.instanceId,
      reason,
      ...(byPlatform === undefined ? {} : { byPlatform }),
    });
  }

  /** Ends this node's sessions of an app (disabled or terminated). */
  kickApp(sdkAppId: number, reason: KickReason): void {
    for (const session of [...(this.local.ofApp(sdkAppId) ?? [])]) session.kick(reason);
  }

  /** Tells every node, this one included, that an app's configuration changed; resolves once it is sent. */
  announceConfigChange(sdkAppId: number, revision: number): Promise<void> {
    return this.#broadcast({ kind: 'config-changed', sdkAppId, revision });
  }

  /** Runs on every node once per announced change. */
  onConfigChanged(listener: ConfigChangeListener): () => void {
    this.#configListeners.add(listener);
    return () => this.#configListeners.delete(listener);
  }

  /** Ends the sessions of deleted accounts on every node. */
  announceAccountsDeleted(sdkAppId: number, userIds: string[]): Promise<void> {
    return this.#broadcast({ kind: 'accounts-deleted', sdkAppId, userIds });
  }

  /** Runs when the registry had forgotten this node (its sessions were registered again). */
  onRegistryLost(listener: () => void): () => void {
    this.#registryLostListeners.add(listener);
    return () => this.#registryLostListeners.delete(listener);
  }

  /**
   * Keeps this node's sessions alive in the registry. When the registry had forgotten the node (a Redis restart),
   * its open sessions are registered again, so presence, delivery and multi-login limits keep working without
   * clients reconnecting. Returns how many sessions were registered again.
   */
  async heartbeat(): Promise<number> {
    if (await this.#d.sessions.heartbeat(this.#d.nodeId)) return 0;
    // The bus on the same backend may have lost config changes meanwhile.
    for (const listener of this.#registryLostListeners) listener();
    this.groups.restore();
    let restored = 0;
    for (const session of this.local.all()) {
      await this.#d.sessions.register(session.record, () => [], Number.MAX_SAFE_INTEGER);
      restored += 1;
    }
    return restored;
  }

  #receive(envelope: BusEnvelope): void {
    switch (envelope.kind) {
      case 'deliver':
        this.#deliverLocal(envelope.sdkAppId, envelope.userId, envelope.frame, envelope.exceptInstanceId);
        return;
      case 'kick':
        this.local
          .find(envelope.sdkAppId, envelope.userId, envelope.instanceId)
          ?.kick(envelope.reason, envelope.byPlatform);
        return;
      case 'config-changed':
        for (const listener of this.#configListeners) listener(envelope.sdkAppId, envelope.revision);
        return;
      case 'group-deliver':
        this.groups.deliverLocal(
          envelope.sdkAppId,
          envelope.groupId,
          envelope.frame,
          envelope.exceptInstanceId,
        );
        return;
      case 'group-roster':
        if (envelope.origin !== this.#d.nodeId) {
          this.groups.applyRoster(envelope.sdkAppId, envelope.groupId, envelope.userIds, envelope.change);
        }
        return;
      case 'accounts-deleted':
        for (const userId of envelope.userIds) {
          for (const session of [...(this.local.ofUser(envelope.sdkAppId, userId) ?? [])]) {
            session.kick('account-deleted');
          }
        }
        return;
      default: {
        const unknown: never = envelope;
        this.#d.onError(new Error(`unknown bus envelope ${JSON.stringify(unknown)}`), {
          what: 'bus receive',
        });
      }
    }
  }

  #deliverLocal(sdkAppId: number, userId: string, frame: string, exceptInstanceId: string | undefined): void {
    const sessions = this.local.ofUser(sdkAppId, userId);
    if (!sessions) return;
    let written = 0;
    for (const session of sessions) {
      if (session.record.instanceId !== exceptInstanceId) {
        session.sendFrame(frame);
        written += 1;
      }
    }
    this.#d.onDelivered?.(frame, written);
  }

  #deliverRemote(sdkAppId: number, target: PushTarget, frame: string): void {
    this.#d.sessions.list(sdkAppId, target.userId).then(
      (sessions) => {
        const nodes = new Set<string>();
        for (const session of sessions) {
          if (session.nodeId !== this.#d.nodeId && session.instanceId !== target.exceptInstanceId) {
            nodes.add(session.nodeId);
          }
        }
        for (const nodeId of nodes) {
          this.#send(nodeId, {
            kind: 'deliver',
            sdkAppId,
            userId: target.userId,
            frame,
            ...(target.exceptInstanceId === undefined ? {} : { exceptInstanceId: target.exceptInstanceId }),
          });
        }
      },
      // Best effort: a push that cannot be routed is recovered by the client's sync.
      (error: unknown) => this.#d.onError(error, { what: 'push routing', sdkAppId }),
    );
  }

  #send(nodeId: string, envelope: BusEnvelope): void {
    this.#d.bus.sendToNode(nodeId, envelope).catch((error: unknown) => {
      this.#d.onError(error, { what: 'bus send', nodeId });
    });
  }

  /** A broadcast that cannot reach the bus still applies here, so this node never misses its own change. */
  #broadcast(envelope: BusEnvelope): Promise<void> {
    return this.#d.bus.broadcast(envelope).catch((error: unknown) => {
      this.#d.onError(error, { what: `broadcast ${envelope.kind}` });
      this.#receive(envelope);
    });
  }
}
