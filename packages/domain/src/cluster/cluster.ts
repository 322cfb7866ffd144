import type { KickReason, PushName, PushPayloads } from '@parley/protocol';
import type { PushDelivery, PushTarget } from '../messaging/push-delivery.ts';
import type { BusEnvelope, MessageBus } from '../ports/message-bus.ts';
import type { SessionRecord, SessionRegistry } from '../ports/session-registry.ts';
import { LocalSessions } from './local-sessions.ts';

export interface ClusterDeps {
  nodeId: string;
  bus: MessageBus;
  sessions: SessionRegistry;
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
 * - the registry heartbeat, which registers the node's sessions again when the registry forgot them.
 */
export class Cluster implements PushDelivery {
  readonly local = new LocalSessions();
  readonly #d: ClusterDeps;
  readonly #configListeners = new Set<ConfigChangeListener>();
  readonly #registryLostListeners = new Set<() => void>();

  constructor(deps: ClusterDeps) {
    this.#d = deps;
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
