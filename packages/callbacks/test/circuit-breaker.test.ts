import type { OutgoingMessage } from '@parley/domain';
import { createSqliteCallbackQueue, openEmbeddedDatabase } from '@parley/storage-embedded';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackEmitter, createCallbackHooks, createCallbackSender } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { manualClock, nextSdkAppId, testApp } from './helpers/test-app.ts';

const message: OutgoingMessage = {
  from: 'a',
  to: 'b',
  random: 1,
  time: Date.now(),
  body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }],
  clientIp: '198.51.100.1',
  platform: 'android',
};

let receiver: CallbackReceiver;
const sdkAppId = nextSdkAppId();
const db = openEmbeddedDatabase(':memory:');
const emitter = createCallbackEmitter({ queue: createSqliteCallbackQueue({ db }) });

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: 't' });
});
afterAll(async () => {
  await receiver.close();
  db.close();
});

function setup() {
  const clock = manualClock();
  const sender = createCallbackSender({
    allowPrivateAddresses: true,
    circuitBreaker: { failureThreshold: 3, coolDownMs: 10_000 },
    now: clock.now,
  });
  const hooks = createCallbackHooks({ sender, emitter, now: clock.now });
  const app = testApp(sdkAppId, { url: receiver.url, token: 't', beforeSendFailurePolicy: 'block' });
  return { clock, sender, hooks, app };
}

describe('circuit breaker', () => {
  it('opens after consecutive failures, stops calling, half-opens after the cool-down and closes on success', async () => {
    const { clock, sender, hooks, app } = setup();
    try {
      receiver.received.length = 0;
      receiver.reply(() => ({ status: 500 }));
      for (let i = 0; i < 3; i++) {
        expect(await hooks.beforeSend(app, message)).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
      }
      expect(sender.circuitState(sdkAppId)).toBe('open');
      expect(receiver.received).toHaveLength(3);

      // Open: the failure policy applies at once and the dead server is not called.
      receiver.reply(() => ({}));
      expect(await hooks.beforeSend(app, message)).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
      clock.advance(9_999);
      expect(await hooks.beforeSend(app, message)).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
      expect(receiver.received).toHaveLength(3);

      // After the cool-down one probe goes through; its success closes the circuit.
      clock.advance(1);
      expect(await hooks.beforeSend(app, message)).toEqual({ action: 'allow' });
      expect(receiver.received).toHaveLength(4);
      expect(sender.circuitState(sdkAppId)).toBe('closed');
      expect(await hooks.beforeSend(app, message)).toEqual({ action: 'allow' });
      expect(receiver.received).toHaveLength(5);
    } finally {
      await sender.close();
    }
  });

  it('reopens when the half-open probe fails', async () => {
    const { clock, sender, hooks, app } = setup();
    try {
      receiver.received.length = 0;
      receiver.reply(() => ({ raw: 'not json' }));
      for (let i = 0; i < 3; i++) await hooks.beforeSend(app, message);
      expect(sender.circuitState(sdkAppId)).toBe('open');

      clock.advance(10_000);
      await hooks.beforeSend(app, message);
      expect(receiver.received).toHaveLength(4);
      expect(sender.circuitState(sdkAppId)).toBe('open');

      await hooks.beforeSend(app, message);
      expect(receiver.received).toHaveLength(4);
    } finally {
      await sender.close();
    }
  });

  it('keeps one app’s open circuit from affecting another app', async () => {
    const { sender, hooks, app } = setup();
    const otherAppId = nextSdkAppId();
    const other = await startCallbackReceiver({ sdkAppId: otherAppId, token: '' });
    try {
      receiver.reply(() => ({ status: 500 }));
      for (let i = 0; i < 3; i++) await hooks.beforeSend(app, message);
      expect(sender.circuitState(sdkAppId)).toBe('open');

      const verdict = await hooks.beforeSend(testApp(otherAppId, { url: other.url, token: '' }), message);

      expect(verdict).toEqual({ action: 'allow' });
      expect(other.received).toHaveLength(1);
    } finally {
      await sender.close();
      await other.close();
    }
  });
});
