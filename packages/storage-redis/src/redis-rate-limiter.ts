import { type Clock, type RateLimiter, systemClock } from '@parley/domain';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.ts';

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Namespaces every key, e.g. 'parley:rate:'. */
  keyPrefix: string;
  /** Decides the current window; every node's clock is assumed to be roughly in sync. */
  clock?: Clock;
}

/** A window's counter outlives its second a little, so a node with a slightly late clock still shares it. */
const WINDOW_KEY_TTL_MS = 2_000;

/** KEYS: counter. ARGV: ttlMs. Counts one take and arms the expiry on the first, in one round trip. */
const takeScript = new LuaScript(`
local taken = redis.call('INCR', KEYS[1])
if taken == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return taken
`);

/** Fixed one-second windows shared by every node: one counter per key and window index. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, keyPrefix } = options;
  const clock = options.clock ?? systemClock;

  return {
    async take(key, limitPerSecond) {
      const window = Math.floor(clock.now() / 1_000);
      const taken = await takeScript.run(redis, [`${keyPrefix}${key}:${window}`], [WINDOW_KEY_TTL_MS]);
      if (typeof taken !== 'number') throw new Error('Rate limiter reply is not a number');
      return taken <= limitPerSecond;
    },

    // The client belongs to the caller.
    async close() {},
  };
}
