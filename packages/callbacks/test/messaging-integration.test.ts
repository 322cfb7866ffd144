import type { RuntimeApp } from '@parley/app-config';
import { type Actor, GroupConversations, MessagingService, SendClaims, systemClock } from '@parley/domain';
import { ParleyError } from '@parley/protocol';
import {
  createEmbeddedStores,
  createMemoryDedupWindow,
  createMemoryRateLimiter,
  createMemorySessionRegistry,
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Callbacks, createCallbacks } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

/** The messaging service with the callbacks as its hooks, on the embedded storage: what the server wires. */
const TOKEN = 'integration-token';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
let db: EmbeddedDatabase;
let callbacks: Callbacks;
let messaging: MessagingService;
let app: RuntimeApp;
let actor: Actor;
const body = [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: 'call me at 555-0100' } }];

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  db = openEmbeddedDatabase(':memory:');
  const stores = createEmbeddedStores({ db });
  await stores.accounts.importAccounts(sdkAppId, [{ userId: 'alice' }, { userId: 'bob' }], Date.now());
  app = testApp(sdkAppId, { url: receiver.url, token: TOKEN, beforeSendFailurePolicy: 'block' });
  callbacks = createCallbacks({
    queue: createSqliteCallbackQueue({ db }),
    getApp: async () => app,
    allowPrivateAddresses: true,
  });
  messaging = new MessagingService({
    ...stores,
    claims: new SendClaims({
      dedup: createMemoryDedupWindow(),
      sessions: createMemorySessionRegistry(),
      nodeId: 'test',
    }),
    rateLimiter: createMemoryRateLimiter(),
    delivery: { push: () => {} },
    hooks: callbacks.hooks,
    groupConversations: new GroupConversations({
      groups: stores.groups,
      log: stores.groupLog,
      messages: stores.messages,
    }),
    clock: systemClock,
  });
  actor = { app, userId: 'alice', instanceId: 'i1', platform: 'web', clientIp: '203.0.113.50' };
  receiver.received.length = 0;
});
afterEach(async () => {
  await callbacks.close();
  db.close();
});

async function history() {
  return messaging.history(actor, { conversationId: 'c2c:alice:bob', limit: 20 });
}

describe('messaging with callbacks', () => {
  it('fails the send with the app’s own code (120005) and stores nothing', async () => {
    receiver.reply(() => ({
      json: { ActionStatus: 'OK', ErrorCode: 120005, ErrorInfo: 'no phone numbers' },
    }));

    const error = await messaging.send(actor, { to: 'bob', random: 1, body }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ errorName: 'BLOCKED_BY_CALLBACK', code: 120005 });
    expect((await history()).messages).toEqual([]);
    expect(await callbacks.queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
  });

  it('fails the send with 20006 on ErrorCode 1', async () => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' } }));

    const error = await messaging.send(actor, { to: 'bob', random: 2, body }).catch((e: unknown) => e);

    expect(error).toMatchObject({ errorName: 'BLOCKED_BY_CALLBACK', code: 20006 });
  });

  it('fails the send with 80003 when the callback server is down and the app blocks on failure', async () => {
    app = testApp(sdkAppId, {
      url: 'http://127.0.0.1:9/down',
      token: TOKEN,
      beforeSendFailurePolicy: 'block',
    });
    actor = { ...actor, app };

    const error = await messaging.send(actor, { to: 'bob', random: 3, body }).catch((e: unknown) => e);

    expect(error).toMatchObject({ errorName: 'CALLBACK_FAILED', code: 80003 });
  });

  it('stores the body the app returned, and reports that body after the send', async () => {
    const censored = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'call me at ***' } }];
    receiver.reply((request) =>
      request.body.CallbackCommand === 'C2C.CallbackBeforeSendMsg'
        ? { json: { ActionStatus: 'OK', ErrorCode: 0, MsgBody: censored } }
        : {},
    );

    const result = await messaging.send(actor, { to: 'bob', random: 4, body });
    await callbacks.dispatcher.runOnce();

    expect((await history()).messages.map((message) => message.body)).toEqual([censored]);
    const after = receiver.received.find(
      (request) => request.body.CallbackCommand === 'C2C.CallbackAfterSendMsg',
    );
    expect(after?.body).toMatchObject({
      MsgSeq: result.seq,
      MsgKey: result.msgKey,
      MsgBody: censored,
      MsgRandom: 4,
    });
  });

  it('drops silently on ErrorCode 2: the sender sees success, nothing is stored', async () => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 2 } }));

    const result = await messaging.send(actor, { to: 'bob', random: 5, body });

    expect(result.seq).toBe(0);
    expect((await history()).messages).toEqual([]);
  });
});
