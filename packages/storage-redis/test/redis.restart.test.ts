import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BusEnvelope } from '@parley/domain';
import { realServiceUrl } from '@parley/testing';
import { describe, expect, it } from 'vitest';
import {
  connectRedis,
  createRedisDedupWindow,
  createRedisMessageBus,
  createRedisRateLimiter,
  createRedisSessionRegistry,
} from '../src/index.ts';
import { deleteKeys, sleep, uniquePrefix } from './redis-test-kit.ts';

const url = realServiceUrl('redis');
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

/** Runs infra/local/redis.sh; the only way this test touches the shared service. */
async function redisService(command: 'stop' | 'start' | 'restart'): Promise<void> {
  await run('bash', ['infra/local/redis.sh', command], { cwd: repoRoot, timeout: 60_000 });
}

/** Generous bound for "fails fast": the adapters' command timeout is 3 s. */
const FAIL_FAST_BOUND_MS = 10_000;

async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, elapsedMs: Date.now() - started };
}

// Restarts the shared Redis: vitest runs *.restart.test.ts files alone, after everything else.
describe.skipIf(!url)('redis adapters across a Redis restart', () => {
  it('fail fast with STORAGE_UNAVAILABLE while Redis is down, then the same instances work again', async () => {
    const keyPrefix = uniquePrefix('restart');
    const redis = connectRedis(url ?? '', { connectionName: 'test-restart' });
    const subscriber = connectRedis(url ?? '', { connectionName: 'test-restart-sub' });
    const registry = createRedisSessionRegistry({ redis, keyPrefix, nodeTtlMs: 30_000 });
    const dedup = createRedisDedupWindow({ redis, keyPrefix });
    const limiter = createRedisRateLimiter({ redis, keyPrefix });
    const bus = createRedisMessageBus({ publisher: redis, subscriber, channelPrefix: keyPrefix });
    const received: BusEnvelope[] = [];
    await bus.subscribe('node-a', (envelope) => received.push(envelope));
    const marker = (userId: string): BusEnvelope => ({ kind: 'deliver', sdkAppId: 1, userId, frame: '{}' });
    const session = {
      sdkAppId: 1_400_300_001,
      userId: 'alice',
      instanceId: 'i1',
      platform: 'web',
      nodeId: 'node-a',
      connectedAt: 1,
    } as const;

    try {
      await registry.heartbeat('node-a');
      await bus.sendToNode('node-a', marker('before'));
      await sleep(0);

      // The restart, split in its two halves so the outage stays open while the calls are made.
      await redisService('stop');
      const outage = await Promise.all([
        failure(() => registry.heartbeat('node-a')),
        failure(() => registry.register(session, () => [], 10)),
        failure(() => registry.list(session.sdkAppId, 'alice')),
        failure(() => registry.countApp(session.sdkAppId)),
        failure(() => dedup.claim('k', 60_000, 'node-a')),
        failure(() => limiter.take('k', 10)),
        failure(() => bus.sendToNode('node-a', marker('during'))),
      ]);
      for (const { error, elapsedMs } of outage) {
        expect(error).toMatchObject({ name: 'ParleyError', errorName: 'STORAGE_UNAVAILABLE' });
        expect(elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);
      }
    } finally {
      // Whatever happened above, leave Redis running.
      await redisService('start');
    }

    const afterOutage = async (label: string) => {
      // Redis keeps no data across restarts (no RDB/AOF): the adapters start from empty state.
      await registry.heartbeat('node-a');
      expect(await registry.register(session, () => [], 10)).toEqual([]);
      expect(await registry.list(session.sdkAppId, 'alice')).toEqual([session]);
      expect(await dedup.claim(`k-${label}`, 60_000, 'node-a')).toEqual({ state: 'claimed' });
      expect(await limiter.take(`k-${label}`, 10)).toBe(true);
      // The subscriber resubscribes on its own; publish until a message sent after the restart arrives.
      const deadline = Date.now() + FAIL_FAST_BOUND_MS;
      const arrived = () => received.some((e) => e.kind === 'deliver' && e.userId === label);
      while (!arrived()) {
        if (Date.now() > deadline) throw new Error(`No bus message arrived after the ${label}`);
        await bus.sendToNode('node-a', marker(label));
        await sleep(100);
      }
    };

    try {
      await afterOutage('after-stop-start');
      // A plain restart, as operators do it, is absorbed the same way.
      await redisService('restart');
      await afterOutage('after-restart');
      expect(received.map((e) => (e.kind === 'deliver' ? e.userId : e.kind))).toContain('before');
    } finally {
      await deleteKeys(redis, keyPrefix).catch(() => {});
      await bus.close().catch(() => {});
      redis.disconnect();
      subscriber.disconnect();
    }
  }, 120_000);
});
