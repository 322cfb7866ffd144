import { createServer } from 'node:net';
import { realServiceUrl } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectRedis,
  createRedisDedupWindow,
  createRedisRateLimiter,
  createRedisSessionRegistry,
} from '../src/index.ts';
import { deleteKeys, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No TCP address');
  return address.port;
}

describe('connectRedis without a server', () => {
  it('fails calls with STORAGE_UNAVAILABLE instead of hanging', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${await closedPort()}`, { commandTimeoutMs: 1_000 });
    try {
      const registry = createRedisSessionRegistry({ redis, keyPrefix: 'x:', nodeTtlMs: 1_000 });
      await expect(registry.heartbeat('node-a')).rejects.toMatchObject({ errorName: 'STORAGE_UNAVAILABLE' });
      await expect(registry.list(1, 'alice')).rejects.toMatchObject({ errorName: 'STORAGE_UNAVAILABLE' });
    } finally {
      redis.disconnect();
    }
  });
});

describe.skipIf(!url)('redis adapters: what they leave in Redis', () => {
  const keyPrefix = uniquePrefix('adapters');
  let redis: Redis;
  beforeAll(() => {
    redis = connectRedis(url ?? '', { connectionName: 'test-adapters' });
  });
  afterAll(async () => {
    await deleteKeys(redis, keyPrefix);
    await redis.quit();
  });

  it('dedup entries carry the TTL of the last claim or complete', async () => {
    const dedup = createRedisDedupWindow({ redis, keyPrefix });
    await dedup.claim('k', 60_000, 'node-a');
    const claimTtl = await redis.pttl(`${keyPrefix}k`);
    expect(claimTtl).toBeGreaterThan(0);
    expect(claimTtl).toBeLessThanOrEqual(60_000);
    await dedup.complete('k', 'reply', 600_000);
    expect(await redis.pttl(`${keyPrefix}k`)).toBeGreaterThan(60_000);
  });

  it('a server error reply is not reported as an outage', async () => {
    const dedup = createRedisDedupWindow({ redis, keyPrefix });
    await redis.hset(`${keyPrefix}wrong-type`, 'field', 'value');
    const failure = await dedup.claim('wrong-type', 1_000, 'node-a').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toMatchObject({ errorName: 'STORAGE_UNAVAILABLE' });
    expect(String(failure)).toContain('WRONGTYPE');
  });

  it('rate windows are keyed by the second index and expire soon after it', async () => {
    const now = 1_700_000_123_456;
    const limiter = createRedisRateLimiter({ redis, keyPrefix, clock: { now: () => now } });
    expect(await limiter.take('msg:1', 5)).toBe(true);
    const key = `${keyPrefix}msg:1:${Math.floor(now / 1_000)}`;
    expect(await redis.get(key)).toBe('1');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2_000);
  });

  it('a heartbeat arms the node key with the node TTL', async () => {
    const registry = createRedisSessionRegistry({ redis, keyPrefix, nodeTtlMs: 45_000 });
    await registry.heartbeat('node-z');
    const ttl = await redis.pttl(`${keyPrefix}node:node-z`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(45_000);
  });
});
