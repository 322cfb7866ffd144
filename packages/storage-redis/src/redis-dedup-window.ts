import type { DedupClaim, DedupWindow } from '@parley/domain';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.ts';
import { redisCall } from './storage-errors.ts';

export interface RedisDedupWindowOptions {
  redis: Redis;
  /** Namespaces every key, e.g. 'parley:dedup:'. */
  keyPrefix: string;
}

// Stored values: PENDING + holder while the send runs, DONE_MARK + reply once completed.
const PENDING = 'p';
const DONE_MARK = 'd';

/** KEYS: entry. ARGV: ttlMs, holder. Claims the key or returns what it holds, in one atomic step. */
const claimScript = new LuaScript(`
if redis.call('SET', KEYS[1], '${PENDING}' .. ARGV[2], 'NX', 'PX', ARGV[1]) then return false end
return redis.call('GET', KEYS[1])
`);

/** KEYS: entry. ARGV: from, to, ttlMs. Moves a pending claim from one holder to another; 1 when it did. */
const takeOverScript = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= '${PENDING}' .. ARGV[1] then return 0 end
redis.call('SET', KEYS[1], '${PENDING}' .. ARGV[2], 'PX', ARGV[3])
return 1
`);

/** KEYS: entry. Deletes it only while pending: a completed reply must survive a late release. */
const releaseScript = new LuaScript(`
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, 1) == '${PENDING}' then redis.call('DEL', KEYS[1]) end
return 0
`);

/** DedupWindow on Redis: one string key per entry, expiring with its TTL on the server. */
export function createRedisDedupWindow(options: RedisDedupWindowOptions): DedupWindow {
  const { redis, keyPrefix } = options;
  const entryKey = (key: string) => `${keyPrefix}${key}`;

  return {
    async claim(key, ttlMs, holder): Promise<DedupClaim> {
      const reply = await claimScript.run(redis, [entryKey(key)], [ttlMs, holder]);
      // Lua false comes back as null: the SET NX won.
      if (reply === null) return { state: 'claimed' };
      if (typeof reply === 'string' && reply.startsWith(PENDING)) {
        return { state: 'pending', holder: reply.slice(PENDING.length) };
      }
      if (typeof reply === 'string' && reply.startsWith(DONE_MARK)) {
        return { state: 'done', value: reply.slice(DONE_MARK.length) };
      }
      throw new Error(`Unexpected dedup entry for ${key}`);
    },

    async takeOver(key, from, to, ttlMs) {
      return (await takeOverScript.run(redis, [entryKey(key)], [from, to, ttlMs])) === 1;
    },

    async complete(key, value, ttlMs) {
      await redisCall(() => redis.set(entryKey(key), `${DONE_MARK}${value}`, 'PX', ttlMs));
    },

    async release(key) {
      await releaseScript.run(redis, [entryKey(key)], []);
    },

    // The client belongs to the caller.
    async close() {},
  };
}
