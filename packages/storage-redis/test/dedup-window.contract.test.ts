import { realServiceUrl } from '@parley/testing';
import { describeDedupWindowContract } from '@parley/testing/contracts/dedup-window-contract.ts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectRedis, createRedisDedupWindow } from '../src/index.ts';
import { deleteKeys, sleep, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

describe.skipIf(!url)('redis dedup window', () => {
  let nodeA: Redis;
  let nodeB: Redis;
  beforeAll(() => {
    nodeA = connectRedis(url ?? '', { connectionName: 'test-dedup-a' });
    nodeB = connectRedis(url ?? '', { connectionName: 'test-dedup-b' });
  });
  afterAll(async () => {
    await nodeA.quit();
    await nodeB.quit();
  });

  describeDedupWindowContract('redis', async () => {
    const keyPrefix = uniquePrefix('dedup');
    const dedup = createRedisDedupWindow({ redis: nodeA, keyPrefix });
    const peer = createRedisDedupWindow({ redis: nodeB, keyPrefix });
    return {
      dedup,
      peer,
      unitMs: 300,
      // Entry TTLs run on the Redis server's clock: time has to really pass.
      passTime: sleep,
      cleanup: async () => {
        await dedup.close();
        await peer.close();
        await deleteKeys(nodeA, keyPrefix);
      },
    };
  });
});
