import type { DedupWindow, GroupRoutes, MessageBus, RateLimiter, SessionRegistry } from '@parley/domain';
import { connectRedis } from './connect-redis.ts';
import { createRedisDedupWindow } from './redis-dedup-window.ts';
import { createRedisGroupRoutes } from './redis-group-routes.ts';
import { createRedisMessageBus } from './redis-message-bus.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import { createRedisSessionRegistry } from './redis-session-registry.ts';

/** The cluster ports on Redis: sessions and presence, the bus between nodes, dedup, quotas and group routes. */
export interface OpenedRedis {
  sessions: SessionRegistry;
  bus: MessageBus;
  dedup: DedupWindow;
  rateLimiter: RateLimiter;
  groupRoutes: GroupRoutes;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenRedisOptions {
  url: string;
  /** Sessions of a node that stops heartbeating for this long are gone. */
  nodeTtlMs: number;
  /** A bus handler that threw (reported, never fatal). */
  onBusError(error: unknown): void;
}

/** Two clients on `url`: commands, and the bus subscriber (pub/sub needs a client of its own). */
export function openRedis({ url, nodeTtlMs, onBusError }: OpenRedisOptions): OpenedRedis {
  const redis = connectRedis(url);
  const subscriber = connectRedis(url);
  const bus = createRedisMessageBus({
    publisher: redis,
    subscriber,
    channelPrefix: 'parley:bus:',
    onHandlerError: onBusError,
  });
  return {
    sessions: createRedisSessionRegistry({ redis, keyPrefix: 'parley:sessions:', nodeTtlMs }),
    bus,
    dedup: createRedisDedupWindow({ redis, keyPrefix: 'parley:dedup:' }),
    rateLimiter: createRedisRateLimiter({ redis, keyPrefix: 'parley:rate:' }),
    groupRoutes: createRedisGroupRoutes({ redis, keyPrefix: 'parley:groups:' }),
    ready: async () => void (await redis.ping()),
    async close() {
      await bus.close();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
