import { realServiceUrl } from '@parley/testing';
import { describeMessageBusContract } from '@parley/testing/contracts/message-bus-contract.ts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { connectRedis, createRedisMessageBus } from '../src/index.ts';
import { uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');

describe.skipIf(!url)('redis message bus', () => {
  const connect = (name: string) => connectRedis(url ?? '', { connectionName: name });
  let publisherA: Redis;
  let publisherB: Redis;
  beforeAll(() => {
    publisherA = connect('test-bus-pub-a');
    publisherB = connect('test-bus-pub-b');
  });
  afterAll(async () => {
    await publisherA.quit();
    await publisherB.quit();
  });

  describeMessageBusContract('redis', async () => {
    // Fresh channels per test; each node has its own subscriber connection, as in production.
    const channelPrefix = uniquePrefix('bus');
    const subscriberA = connect('test-bus-sub-a');
    const subscriberB = connect('test-bus-sub-b');
    const bus = createRedisMessageBus({ publisher: publisherA, subscriber: subscriberA, channelPrefix });
    const peer = createRedisMessageBus({ publisher: publisherB, subscriber: subscriberB, channelPrefix });
    return {
      bus,
      peer,
      cleanup: async () => {
        await bus.close();
        await peer.close();
        await subscriberA.quit();
        await subscriberB.quit();
      },
    };
  });
});
