import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A key prefix no other test file or test uses, so files run in parallel on one Redis. */
export function uniquePrefix(label: string): string {
  return `parley-test:${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under the prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
