import type { RuntimeApp } from '@parley/app-config';
import {
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CallbackDispatcher,
  type CallbackQueue,
  type CallbackSender,
  createCallbackDispatcher,
  createCallbackSender,
} from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { manualClock, nextSdkAppId, testApp } from './helpers/test-app.ts';

let receiver: CallbackReceiver;
const sdkAppId = nextSdkAppId();
let db: EmbeddedDatabase;
let queue: CallbackQueue;
let sender: CallbackSender;
let dispatcher: CallbackDispatcher;
let clock: ReturnType<typeof manualClock>;
let app: RuntimeApp;

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: 'tok' });
});
afterAll(async () => {
  await receiver.close();
});

function setup(failureThreshold: number) {
  clock = manualClock();
  db = openEmbeddedDatabase(':memory:');
  queue = createSqliteCallbackQueue({ db });
  sender = createCallbackSender({
    allowPrivateAddresses: true,
    circuitBreaker: { failureThreshold, coolDownMs: 5_000 },
    now: clock.now,
  });
  app = testApp(sdkAppId, {
    url: receiver.url,
    token: 'tok',
    retry: { maxAttempts: 3, initialBackoffMs: 1_000 },
  });
  dispatcher = createCallbackDispatcher({
    queue,
    sender,
    getApp: async () => app,
    now: clock.now,
    concurrency: 1,
  });
}

async function enqueue(n: number) {
  for (let i = 0; i < n; i++) {
    await queue.enqueue({
      sdkAppId,
      command: 'C2C.CallbackAfterSendMsg',
      clientIp: '203.0.113.1',
      optPlatform: 'Web',
      body: { CallbackCommand: 'C2C.CallbackAfterSendMsg', MsgSeq: i + 1 },
      createdAt: clock.now(),
    });
  }
}

beforeEach(() => {
  receiver.received.length = 0;
});
afterEach(async () => {
  await sender.close();
  db.close();
});

describe('dispatcher', () => {
  it('retries with exponential backoff, dead-letters after maxAttempts, and delivers a replayed dead letter', async () => {
    setup(100);
    receiver.reply(() => ({ status: 500 }));
    await enqueue(1);

    expect(await dispatcher.runOnce()).toBe(1); // attempt 1 fails: next in 1 s
    clock.advance(999);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1);
    expect(await dispatcher.runOnce()).toBe(1); // attempt 2 fails: next in 2 s
    clock.advance(1_999);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1);
    expect(await dispatcher.runOnce()).toBe(1); // attempt 3 fails: dead letter
    clock.advance(3_600_000);
    expect(await dispatcher.runOnce()).toBe(0);

    expect(receiver.received).toHaveLength(3);
    const [letter] = await queue.listDeadLetters(sdkAppId, { limit: 10 });
    expect(letter).toMatchObject({
      attempts: 3,
      lastError: 'failed: HTTP 500',
      command: 'C2C.CallbackAfterSendMsg',
    });

    receiver.reply(() => ({}));
    expect(await queue.replay(sdkAppId, letter?.id ?? 0, clock.now())).toBe(true);
    expect(await dispatcher.runOnce()).toBe(1);

    expect(receiver.received).toHaveLength(4);
    expect(receiver.received[3]?.body).toEqual({ CallbackCommand: 'C2C.CallbackAfterSendMsg', MsgSeq: 1 });
    expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
  });

  it('keeps events queued while the app’s circuit is open, without spending their attempts', async () => {
    setup(2);
    receiver.reply(() => ({ status: 502 }));
    await enqueue(4);

    expect(await dispatcher.runOnce()).toBe(4);

    // Two failures open the circuit; the other two were not sent.
    expect(receiver.received).toHaveLength(2);
    expect(sender.circuitState(sdkAppId)).toBe('open');
    expect(await queue.count(sdkAppId)).toEqual({ pending: 4, dead: 0 });

    receiver.reply(() => ({}));
    clock.advance(5_000);
    expect(await dispatcher.runOnce()).toBe(4);

    expect(
      receiver.received
        .slice(2)
        .map((request) => request.body.MsgSeq)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
    expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
  });

  it('started, delivers what is queued without being called', async () => {
    setup(100);
    receiver.reply(() => ({}));
    dispatcher = createCallbackDispatcher({ queue, sender, getApp: async () => app, pollIntervalMs: 20 });
    dispatcher.start();
    try {
      await enqueue(3);
      await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBe(3);
    } finally {
      await dispatcher.stop();
    }
  });
});
