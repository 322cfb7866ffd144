import type { OutgoingMessage } from '@parley/domain';
import { errorCatalogue } from '@parley/protocol';
import { createSqliteCallbackQueue, openEmbeddedDatabase } from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackEmitter, createCallbackHooks, createCallbackSender } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const TOKEN = 'callback-token-1';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
const sender = createCallbackSender({
  allowPrivateAddresses: true,
  circuitBreaker: { failureThreshold: 1000 },
});
const db = openEmbeddedDatabase(':memory:');
const hooks = createCallbackHooks({
  sender,
  emitter: createCallbackEmitter({ queue: createSqliteCallbackQueue({ db }) }),
});

const message: OutgoingMessage = {
  from: 'jared',
  to: 'jonh',
  random: 2837546,
  time: 1_557_481_126_789,
  body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }],
  cloudCustomData: 'your cloud custom data',
  clientIp: '203.0.113.7',
  platform: 'ios',
};

function app(overrides: Parameters<typeof testApp>[1] = {}) {
  return testApp(sdkAppId, { url: receiver.url, token: TOKEN, ...overrides });
}

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN });
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.refused.length = 0;
  receiver.reply(() => ({}));
});
afterAll(async () => {
  await sender.close();
  await receiver.close();
  db.close();
});

describe('C2C.CallbackBeforeSendMsg', () => {
  it('sends Tencent’s query and body, signed, and allows on ErrorCode 0', async () => {
    const verdict = await hooks.beforeSend(app(), message);

    expect(verdict).toEqual({ action: 'allow' });
    expect(receiver.refused).toEqual([]);
    const [request] = receiver.received;
    expect(request?.path).toBe('/im/callback');
    expect(request?.query).toMatchObject({
      SdkAppid: String(sdkAppId),
      CallbackCommand: 'C2C.CallbackBeforeSendMsg',
      contenttype: 'json',
      ClientIP: '203.0.113.7',
      OptPlatform: 'iOS',
    });
    expect(request?.query.Sign).toMatch(/^[0-9a-f]{64}$/);
    expect(request?.body).toEqual({
      CallbackCommand: 'C2C.CallbackBeforeSendMsg',
      From_Account: 'jared',
      To_Account: 'jonh',
      MsgRandom: 2837546,
      MsgTime: 1_557_481_126,
      OnlineOnlyFlag: 0,
      MsgBody: message.body,
      CloudCustomData: 'your cloud custom data',
      EventTime: expect.any(Number),
    });
  });

  it('replaces MsgBody and CloudCustomData with what the app returns', async () => {
    const censored = [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }];
    receiver.reply(() => ({
      json: { ActionStatus: 'OK', ErrorCode: 0, MsgBody: censored, CloudCustomData: 'x' },
    }));

    expect(await hooks.beforeSend(app(), message)).toEqual({
      action: 'allow',
      body: censored,
      cloudCustomData: 'x',
    });
  });

  it('treats a returned MsgBody that is not a valid message body as a failure', async () => {
    receiver.reply(() => ({ json: { ErrorCode: 0, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: {} }] } }));

    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'deliver' }), message)).toEqual({
      action: 'allow',
    });
    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'block' }), message)).toEqual({
      action: 'reject',
      error: 'CALLBACK_FAILED',
    });
  });

  it('rejects with BLOCKED_BY_CALLBACK (20006) on ErrorCode 1', async () => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'no' } }));

    const verdict = await hooks.beforeSend(app(), message);

    expect(verdict).toEqual({ action: 'reject', error: 'BLOCKED_BY_CALLBACK' });
    expect(errorCatalogue.BLOCKED_BY_CALLBACK.code).toBe(20006);
  });

  it('drops silently on ErrorCode 2', async () => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' } }));

    expect(await hooks.beforeSend(app(), message)).toEqual({ action: 'drop' });
  });

  it('passes an app code in 120001-130000 and its ErrorInfo to the sender', async () => {
    receiver.reply(() => ({
      json: { ActionStatus: 'OK', ErrorCode: 120005, ErrorInfo: 'contains a phone number' },
    }));

    expect(await hooks.beforeSend(app(), message)).toEqual({
      action: 'reject',
      error: 'BLOCKED_BY_CALLBACK',
      code: 120005,
      detail: 'contains a phone number',
    });
  });

  it('applies the failure policy to a code the protocol does not define', async () => {
    receiver.reply(() => ({ json: { ErrorCode: 3 } }));

    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'block' }), message)).toEqual({
      action: 'reject',
      error: 'CALLBACK_FAILED',
    });
  });

  describe('on timeout', () => {
    it('delivers under "deliver"', async () => {
      receiver.reply(() => ({ delayMs: 2_000 }));

      expect(
        await hooks.beforeSend(app({ timeoutMs: 150, beforeSendFailurePolicy: 'deliver' }), message),
      ).toEqual({
        action: 'allow',
      });
    });

    it('is reported by the sender as a timeout', async () => {
      receiver.reply(() => ({ delayMs: 2_000 }));

      const outcome = await sender.send(app({ timeoutMs: 150 }), {
        command: 'C2C.CallbackBeforeSendMsg',
        clientIp: '203.0.113.7',
        optPlatform: 'iOS',
        body: { CallbackCommand: 'C2C.CallbackBeforeSendMsg' },
      });

      expect(outcome).toMatchObject({ kind: 'failed', reason: 'timeout' });
    });

    it('blocks with CALLBACK_FAILED (80003) under "block"', async () => {
      receiver.reply(() => ({ delayMs: 2_000 }));

      const verdict = await hooks.beforeSend(
        app({ timeoutMs: 150, beforeSendFailurePolicy: 'block' }),
        message,
      );

      expect(verdict).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
      expect(errorCatalogue.CALLBACK_FAILED.code).toBe(80003);
    });
  });

  it('applies the failure policy to a reply that is not JSON', async () => {
    receiver.reply(() => ({ raw: 'OK' }));

    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'block' }), message)).toEqual({
      action: 'reject',
      error: 'CALLBACK_FAILED',
    });
    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'deliver' }), message)).toEqual({
      action: 'allow',
    });
  });

  it('applies the failure policy to a non-2xx reply', async () => {
    receiver.reply(() => ({ status: 503, json: { ErrorCode: 0 } }));

    expect(await hooks.beforeSend(app({ beforeSendFailurePolicy: 'block' }), message)).toEqual({
      action: 'reject',
      error: 'CALLBACK_FAILED',
    });
  });

  it('is refused by the app server when signed with another token, and the failure policy applies', async () => {
    const verdict = await hooks.beforeSend(
      app({ token: 'not-the-token', beforeSendFailurePolicy: 'block' }),
      message,
    );

    expect(receiver.refused).toEqual(['Sign']);
    expect(receiver.received).toEqual([]);
    expect(verdict).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
  });

  it('sends no Sign without a token, and the app server without a token accepts it', async () => {
    const unsignedAppId = nextSdkAppId();
    const open = await startCallbackReceiver({ sdkAppId: unsignedAppId, token: '' });
    try {
      const verdict = await hooks.beforeSend(testApp(unsignedAppId, { url: open.url, token: '' }), message);

      expect(verdict).toEqual({ action: 'allow' });
      expect(open.received[0]?.query).not.toHaveProperty('Sign');
      expect(open.received[0]?.query).not.toHaveProperty('RequestTime');
    } finally {
      await open.close();
    }
  });

  it('allows without any request when the event is switched off or callbacks are disabled', async () => {
    receiver.reply(() => ({ json: { ErrorCode: 1 } }));

    expect(await hooks.beforeSend(app({ events: { 'C2C.CallbackBeforeSendMsg': false } }), message)).toEqual({
      action: 'allow',
    });
    expect(await hooks.beforeSend(app({ enabled: false }), message)).toEqual({ action: 'allow' });
    expect(receiver.received).toEqual([]);
  });
});
