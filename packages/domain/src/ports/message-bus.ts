import type { KickReason } from '@parley/protocol';

/** What nodes tell each other. Push frames travel pre-serialised so no node re-encodes them. */
export type BusEnvelope =
  | { kind: 'deliver'; sdkAppId: number; userId: string; frame: string; exceptInstanceId?: string }
  | {
      kind: 'kick';
      sdkAppId: number;
      userId: string;
      instanceId: string;
      reason: KickReason;
      byPlatform?: string;
    }
  | { kind: 'config-changed'; sdkAppId: number; revision: number }
  | { kind: 'accounts-deleted'; sdkAppId: number; userIds: string[] }
  | { kind: 'group-deliver'; sdkAppId: number; groupId: string; frame: string; exceptInstanceId?: string }
  | {
      kind: 'group-roster';
      /** The node that made the change (it applied it already and ignores its own broadcast). */
      origin: string;
      sdkAppId: number;
      groupId: string;
      change: 'add' | 'remove' | 'drop';
      userIds: string[];
    };

/**
 * Fan-out between gateway nodes. Adapters: embedded (in-process), Redis pub/sub.
 * At-most-once: a message lost with a node is recovered by the client's sync on reconnect.
 */
export interface MessageBus {
  /** Sends to one node. */
  sendToNode(nodeId: string, envelope: BusEnvelope): Promise<void>;
  /** Sends to every node, including this one. */
  broadcast(envelope: BusEnvelope): Promise<void>;
  /** Receives what is sent to `nodeId` and every broadcast. */
  subscribe(nodeId: string, handler: (envelope: BusEnvelope) => void): Promise<void>;
  close(): Promise<void>;
}
