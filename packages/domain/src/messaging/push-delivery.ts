import type { PushName, PushPayloads } from '@parley/protocol';

export interface PushTarget {
  userId: string;
  /** The sender's own connection, which gets the reply instead of the push. */
  exceptInstanceId?: string;
}

/**
 * Delivers a server push to every online session of the targets, wherever they are connected.
 * Implemented by the gateway (local sockets + the cross-node bus). Fire-and-forget: never awaited on the hot path.
 */
export interface PushDelivery {
  push<P extends PushName>(
    sdkAppId: number,
    targets: readonly PushTarget[],
    push: P,
    data: PushPayloads[P],
  ): void;
}
