import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisCall } from './storage-errors.ts';

/**
 * A Lua script run by its SHA, loaded again when the server forgot it (NOSCRIPT after a restart).
 * Replies are `unknown`: the caller checks their shape.
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return redisCall(async () => {
      try {
        return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        return redis.eval(this.#source, keys.length, ...keys, ...args);
      }
    });
  }
}
