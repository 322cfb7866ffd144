import { realServiceUrl } from '@parley/testing';
import { describeRateLimiterContract } from '@parley/testing/contracts/rate-limiter-contract.ts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectRedis, createRedisRateLimiter } from '../src/index.ts';
import { deleteKeys, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

describe.skipIf(!url)('redis rate limiter', () => {
  let nodeA: Redis;
  let nodeB: Redis;
  beforeAll(() => {
    nodeA = connectRedis(url ?? '', { connectionName: 'test-rate-a' });
    nodeB = connectRedis(url ?? '', { connectionName: 'test-rate-b' });
  });
  afterAll(async () => {
    await nodeA.quit();
    await nodeB.quit();
  });

  describeRateLimiterContract('redis', async (clock) => {
    const keyPrefix = uniquePrefix('rate');
    const limiter = createRedisRateLimiter({ redis: nodeA, keyPrefix, clock });
    const peer = createRedisRateLimiter({ redis: nodeB, keyPrefix, clock });
    return {
      limiter,
      peer,
      cleanup: async () => {
        await limiter.close();
        await peer.close();
        await deleteKeys(nodeA, keyPrefix);
      },
    };
  });
});
