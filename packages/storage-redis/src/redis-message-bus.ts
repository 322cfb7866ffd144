import type { BusEnvelope, MessageBus } from '@parley/domain';
import type { Redis } from 'ioredis';
import { redisCall } from './storage-errors.ts';

export interface RedisMessageBusOptions {
  /** Publishes; may be shared with other adapters. */
  publisher: Redis;
  /** Used for this bus's subscriptions only (a subscribed connection can run nothing else). */
  subscriber: Redis;
  /** Namespaces the channels, e.g. 'parley:bus:'. */
  channelPrefix: string;
  /** Told about handler throws and undecodable messages; the subscription carries on regardless. */
  onHandlerError?: (error: unknown) => void;
}

type Handler = (envelope: BusEnvelope) => void;

/**
 * MessageBus over Redis pub/sub: one channel per node plus one broadcast channel, JSON envelopes.
 * ioredis resubscribes by itself after a reconnect; what is published while a node is cut off is lost
 * (at-most-once, as the port says).
 */
export function createRedisMessageBus(options: RedisMessageBusOptions): MessageBus {
  const { publisher, subscriber, channelPrefix } = options;
  const onHandlerError = options.onHandlerError ?? (() => {});
  const broadcastChannel = `${channelPrefix}broadcast`;
  const nodeChannel = (nodeId: string) => `${channelPrefix}node:${nodeId}`;
  /** Handlers by the channel they listen on; every handler also gets the broadcasts. */
  const handlers = new Map<string, Handler[]>();
  let closed = false;

  function dispatch(channel: string, message: string): void {
    const targets =
      channel === broadcastChannel ? [...handlers.values()].flat() : (handlers.get(channel) ?? []);
    if (targets.length === 0) return;
    let envelope: BusEnvelope;
    try {
      envelope = decodeEnvelope(message);
    } catch (error) {
      onHandlerError(error);
      return;
    }
    for (const handler of targets) {
      try {
        handler(envelope);
      } catch (error) {
        onHandlerError(error);
      }
    }
  }

  async function publish(channel: string, envelope: BusEnvelope): Promise<void> {
    const message = JSON.stringify(envelope);
    await redisCall(() => publisher.publish(channel, message));
  }

  return {
    sendToNode: (nodeId, envelope) => publish(nodeChannel(nodeId), envelope),
    broadcast: (envelope) => publish(broadcastChannel, envelope),

    async subscribe(nodeId, handler) {
      if (closed) throw new Error('MessageBus is closed');
      const channel = nodeChannel(nodeId);
      if (handlers.size === 0) subscriber.on('message', dispatch);
      const isNew = !handlers.has(channel);
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      if (!isNew) return;
      try {
        await redisCall(() => subscriber.subscribe(channel, broadcastChannel));
      } catch (error) {
        // Not subscribed: forget the handler so a retry subscribes again.
        handlers.delete(channel);
        if (handlers.size === 0) subscriber.off('message', dispatch);
        throw error;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const channels = [...handlers.keys()];
      handlers.clear();
      subscriber.off('message', dispatch);
      if (channels.length > 0) await redisCall(() => subscriber.unsubscribe(...channels, broadcastChannel));
    },
  };
}

const KINDS = new Set<unknown>([
  'deliver',
  'kick',
  'config-changed',
  'accounts-deleted',
  'group-deliver',
  'group-roster',
]);

/** Envelopes come from our own nodes, so a light check suffices: is it an object of a known kind? */
function decodeEnvelope(message: string): BusEnvelope {
  const value: unknown = JSON.parse(message);
  if (typeof value === 'object' && value !== null && 'kind' in value && KINDS.has(value.kind)) {
    return value as BusEnvelope;
  }
  throw new Error(`Undecodable bus message: ${message.slice(0, 100)}`);
}
