import { type BusEnvelope, decideEvictions, type SessionRecord } from '@parley/domain';
import { realServiceUrl } from '@parley/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectRedis,
  createRedisMessageBus,
  createRedisSessionRegistry,
  type RedisMessageBusOptions,
} from '../src/index.ts';
import { deleteKeys, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

/** One gateway node: its own connections, registry and bus, sharing only Redis with the others. */
function startNode(nodeId: string, keyPrefix: string, channelPrefix: string) {
  const redis = connectRedis(url ?? '', { connectionName: `test-${nodeId}` });
  const subscriber = connectRedis(url ?? '', { connectionName: `test-${nodeId}-sub` });
  const busOptions: RedisMessageBusOptions = { publisher: redis, subscriber, channelPrefix };
  const received: BusEnvelope[] = [];
  const node = {
    nodeId,
    redis,
    received,
    registry: createRedisSessionRegistry({ redis, keyPrefix, nodeTtlMs: 30_000 }),
    bus: createRedisMessageBus(busOptions),
    async stop() {
      await node.bus.close();
      await node.registry.close();
      await subscriber.quit();
      await redis.quit();
    },
  };
  return node;
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const singlePlatform = { policy: 'single-platform', nativeInstancesPerPlatform: 1, webInstances: 1 } as const;

describe.skipIf(!url)('two gateway nodes on one Redis', () => {
  const keyPrefix = uniquePrefix('cross-node');
  const channelPrefix = uniquePrefix('cross-node-bus');
  let a: ReturnType<typeof startNode>;
  let b: ReturnType<typeof startNode>;

  beforeEach(async () => {
    a = startNode('node-a', keyPrefix, channelPrefix);
    b = startNode('node-b', keyPrefix, channelPrefix);
    for (const node of [a, b]) {
      await node.registry.heartbeat(node.nodeId);
      await node.bus.subscribe(node.nodeId, (envelope) => node.received.push(envelope));
    }
  });
  afterEach(async () => {
    await deleteKeys(a.redis, keyPrefix);
    await a.stop();
    await b.stop();
  });

  it('a login on node B evicts the session on node A, and B kicks it through the bus', async () => {
    const onA: SessionRecord = {
      sdkAppId: 1_400_200_001,
      userId: 'alice',
      instanceId: 'phone',
      platform: 'android',
      nodeId: 'node-a',
      connectedAt: 1,
    };
    const onB: SessionRecord = {
      ...onA,
      instanceId: 'desktop',
      platform: 'windows',
      nodeId: 'node-b',
      connectedAt: 2,
    };
    expect(
      await a.registry.register(onA, (existing) => decideEvictions(singlePlatform, onA, existing), 10),
    ).toEqual([]);

    const evicted = await b.registry.register(
      onB,
      (existing) => decideEvictions(singlePlatform, onB, existing),
      10,
    );
    expect(evicted).toEqual([onA]);
    for (const session of evicted) {
      await b.bus.sendToNode(session.nodeId, {
        kind: 'kick',
        sdkAppId: session.sdkAppId,
        userId: session.userId,
        instanceId: session.instanceId,
        reason: 'multi-login',
      });
    }

    await until('node A to receive the kick', () => a.received.length === 1);
    expect(a.received).toEqual([
      {
        kind: 'kick',
        sdkAppId: onA.sdkAppId,
        userId: 'alice',
        instanceId: 'phone',
        reason: 'multi-login',
      },
    ]);
    expect(b.received).toEqual([]);
    expect(await a.registry.list(onA.sdkAppId, 'alice')).toEqual([onB]);
    expect(await a.registry.countApp(onA.sdkAppId)).toBe(1);
  });

  it('a broadcast from one node reaches both', async () => {
    await a.bus.broadcast({ kind: 'accounts-deleted', sdkAppId: 1_400_200_002, userIds: ['bob'] });
    await until('both nodes to receive', () => a.received.length === 1 && b.received.length === 1);
    expect(b.received).toEqual(a.received);
  });
});
