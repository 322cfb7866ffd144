import type { GroupRoutes } from '@parley/domain';
import type { Redis } from 'ioredis';

export interface RedisGroupRoutesOptions {
  redis: Redis;
  /** Namespaces every key, e.g. 'parley:groups:'. */
  keyPrefix: string;
}

/** One hash per group: node ID → that node's online member count. A node's entry goes when its count is 0. */
export function createRedisGroupRoutes({ redis, keyPrefix }: RedisGroupRoutesOptions): GroupRoutes {
  const keyOf = (sdkAppId: number, groupId: string) => `${keyPrefix}${sdkAppId}:${groupId}`;
  return {
    async set(sdkAppId, groupId, nodeId, count) {
      const key = keyOf(sdkAppId, groupId);
      if (count <= 0) await redis.hdel(key, nodeId);
      else await redis.hset(key, nodeId, count);
    },
    async nodes(sdkAppId, groupId) {
      const entries = await redis.hgetall(keyOf(sdkAppId, groupId));
      return Object.entries(entries).map(([nodeId, count]) => ({ nodeId, count: Number(count) }));
    },
    async dropGroup(sdkAppId, groupId) {
      await redis.del(keyOf(sdkAppId, groupId));
    },
    // The client belongs to the caller.
    async close() {},
  };
}
