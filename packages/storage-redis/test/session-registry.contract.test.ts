import { realServiceUrl } from '@parley/testing';
import { describeSessionRegistryContract } from '@parley/testing/contracts/session-registry-contract.ts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectRedis, createRedisSessionRegistry } from '../src/index.ts';
import { deleteKeys, sleep, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

describe.skipIf(!url)('redis session registry', () => {
  // Two connections: the registry and its peer act as two gateway nodes.
  let nodeA: Redis;
  let nodeB: Redis;
  beforeAll(() => {
    nodeA = connectRedis(url ?? '', { connectionName: 'test-registry-a' });
    nodeB = connectRedis(url ?? '', { connectionName: 'test-registry-b' });
  });
  afterAll(async () => {
    await nodeA.quit();
    await nodeB.quit();
  });

  describeSessionRegistryContract('redis', async () => {
    const keyPrefix = uniquePrefix('sessions');
    // Short enough to wait out; heartbeats in the suite come every quarter of it.
    const nodeTtlMs = 1_000;
    const registry = createRedisSessionRegistry({ redis: nodeA, keyPrefix, nodeTtlMs });
    const peer = createRedisSessionRegistry({ redis: nodeB, keyPrefix, nodeTtlMs });
    return {
      registry,
      peer,
      nodeTtlMs,
      // Node TTLs run on the Redis server's clock: time has to really pass.
      passTime: sleep,
      cleanup: async () => {
        await registry.close();
        await peer.close();
        await deleteKeys(nodeA, keyPrefix);
      },
    };
  });
});
