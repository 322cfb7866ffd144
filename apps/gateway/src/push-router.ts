import type {
  BusEnvelope,
  MessageBus,
  PushDelivery,
  PushTarget,
  SessionRecord,
  SessionRegistry,
} from '@parley/domain';
import type { PushName, PushPayloads } from '@parley/protocol';
import type { Logger } from 'pino';
import { LocalConnections } from './local-connections.ts';

export interface PushRouterDeps {
  nodeId: string;
  sessions: SessionRegistry;
  bus: MessageBus;
  /** False on the embedded single-process default: every session is local, so the registry is not asked. */
  clustered: boolean;
  logger: Logger;
  /** Told of every push frame written to local sockets (metrics: messages out, send-to-push delay). */
  onDelivered?: (frame: string, sockets: number) => void;
}

/**
 * Delivers pushes to the users' sessions: local sockets directly, other nodes through the bus.
 * Each push is serialised once, whatever the number of recipients.
 */
export class PushRouter implements PushDelivery {
  readonly local = new LocalConnections();
  readonly #d: PushRouterDeps;

  constructor(deps: PushRouterDeps) {
    this.#d = deps;
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

  /** Kicks an evicted session wherever it is. */
  kick(session: SessionRecord, frame: string): void {
    if (session.nodeId === this.#d.nodeId) {
      this.local.find(session.sdkAppId, session.userId, session.instanceId)?.kick(frame, 'multi-login');
      return;
    }
    this.#send(session.nodeId, {
      kind: 'kick',
      sdkAppId: session.sdkAppId,
      userId: session.userId,
      instanceId: session.instanceId,
      frame,
    });
  }

  /** What other nodes send to this one. */
  handleEnvelope(envelope: BusEnvelope): void {
    switch (envelope.kind) {
      case 'deliver':
        this.#deliverLocal(envelope.sdkAppId, envelope.userId, envelope.frame, envelope.exceptInstanceId);
        return;
      case 'kick':
        this.local
          .find(envelope.sdkAppId, envelope.userId, envelope.instanceId)
          ?.kick(envelope.frame, 'multi-login');
        return;
      case 'accounts-deleted': {
        const frame = JSON.stringify({ push: 'kicked', data: { reason: 'account-deleted' } });
        for (const userId of envelope.userIds) {
          for (const connection of [...(this.local.ofUser(envelope.sdkAppId, userId) ?? [])]) {
            connection.kick(frame, 'account-deleted');
          }
        }
        return;
      }
      case 'config-changed':
        return; // handled by the app-config wiring
      default: {
        const unknown: never = envelope;
        this.#d.logger.warn({ envelope: unknown }, 'unknown bus envelope');
      }
    }
  }

  #deliverLocal(sdkAppId: number, userId: string, frame: string, exceptInstanceId: string | undefined): void {
    const connections = this.local.ofUser(sdkAppId, userId);
    if (!connections) return;
    let sockets = 0;
    for (const connection of connections) {
      if (connection.instanceId !== exceptInstanceId) {
        connection.sendFrame(frame);
        sockets += 1;
      }
    }
    this.#d.onDelivered?.(frame, sockets);
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
      (error: unknown) => this.#d.logger.warn({ err: error }, 'push routing failed'),
    );
  }

  #send(nodeId: string, envelope: BusEnvelope): void {
    this.#d.bus.sendToNode(nodeId, envelope).catch((error: unknown) => {
      this.#d.logger.warn({ err: error, nodeId }, 'bus send failed');
    });
  }
}
