import type { RuntimeApp } from '@parley/app-config';
import type { Actor, SessionRecord, StoredMessage } from '@parley/domain';
import {
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Callbacks, createCallbacks } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const TOKEN = 'after-events-token';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
let db: EmbeddedDatabase;
let callbacks: Callbacks;
let app: RuntimeApp;

const stored: StoredMessage = {
  sdkAppId,
  conversationId: 'c2c:jared:jonh',
  seq: 48,
  msgKey: '48_2837546_1557481126',
  from: 'jared',
  to: 'jonh',
  random: 2837546,
  time: 1_557_481_126_500,
  body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }],
  cloudCustomData: 'ccd',
};

/** Lets queued promise callbacks (the insert, the app lookup) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  db = openEmbeddedDatabase(':memory:');
  app = testApp(sdkAppId, { url: receiver.url, token: TOKEN });
  callbacks = createCallbacks({
    queue: createSqliteCallbackQueue({ db }),
    getApp: async () => app,
    allowPrivateAddresses: true,
    // One at a time, so the receiver sees them in queue order.
    dispatcher: { concurrency: 1 },
  });
});
afterEach(async () => {
  await callbacks.close();
  db.close();
  receiver.received.length = 0;
});

function actor(platform: Actor['platform'] = 'web'): Actor {
  return { app, userId: 'jared', instanceId: 'i1', platform, clientIp: '198.51.100.20' };
}

async function deliverAll() {
  await settle();
  await callbacks.dispatcher.runOnce();
  return receiver.received;
}

describe('after-events', () => {
  it('C2C.CallbackAfterSendMsg carries the stored message with Tencent’s fields', async () => {
    callbacks.hooks.afterSend(app, stored, { clientIp: '198.51.100.20', platform: 'mac' });

    const [request] = await deliverAll();

    expect(request?.query).toMatchObject({
      CallbackCommand: 'C2C.CallbackAfterSendMsg',
      ClientIP: '198.51.100.20',
      OptPlatform: 'Mac',
    });
    expect(request?.body).toEqual({
      CallbackCommand: 'C2C.CallbackAfterSendMsg',
      From_Account: 'jared',
      To_Account: 'jonh',
      MsgSeq: 48,
      MsgRandom: 2837546,
      MsgTime: 1_557_481_126,
      MsgKey: '48_2837546_1557481126',
      OnlineOnlyFlag: 0,
      SendMsgResult: 0,
      ErrorInfo: 'send msg succeed',
      MsgBody: stored.body,
      CloudCustomData: 'ccd',
      EventTime: expect.any(Number),
    });
  });

  it('C2C.CallbackAfterMsgWithDraw names the recalled message by MsgKey', async () => {
    callbacks.hooks.afterRecall(
      app,
      { ...stored, body: [], recalledAt: stored.time + 1 },
      {
        clientIp: '198.51.100.20',
        platform: 'android',
      },
    );

    const [request] = await deliverAll();

    expect(request?.body).toEqual({
      CallbackCommand: 'C2C.CallbackAfterMsgWithDraw',
      From_Account: 'jared',
      To_Account: 'jonh',
      MsgKey: '48_2837546_1557481126',
      EventTime: expect.any(Number),
    });
  });

  it('State.StateChange maps the gateway’s actions to Tencent’s Action and Reason', async () => {
    const session: SessionRecord = {
      sdkAppId,
      userId: 'jonh',
      instanceId: 'i2',
      platform: 'ipad',
      nodeId: 'n1',
      connectedAt: 0,
    };
    for (const action of ['Login', 'Logout', 'Disconnect', 'Kicked'] as const) {
      callbacks.onStateChange(session, action, '203.0.113.5');
    }

    const requests = await deliverAll();

    expect(requests.map((request) => request.body.Info)).toEqual([
      { Action: 'Login', To_Account: 'jonh', Reason: 'Register' },
      { Action: 'Logout', To_Account: 'jonh', Reason: 'Unregister' },
      { Action: 'Disconnect', To_Account: 'jonh', Reason: 'LinkClose' },
      { Action: 'Logout', To_Account: 'jonh', Reason: 'Unregister' },
    ]);
    expect(requests[0]?.query).toMatchObject({
      CallbackCommand: 'State.StateChange',
      ClientIP: '203.0.113.5',
      OptPlatform: 'iPad',
    });
    expect(requests[0]?.body).toMatchObject({
      CallbackCommand: 'State.StateChange',
      EventTime: expect.any(Number),
    });
  });

  it('Sns callbacks report friend and blacklist changes as PairLists', async () => {
    const events = callbacks.relationEvents;
    events.friendAdded(actor(), 'jared', 'jonh', 'add');
    events.friendDeleted(actor(), 'jared', 'jonh');
    events.blacklistAdded(actor(), 'jared', ['spam1', 'spam2']);
    events.blacklistRemoved(actor(), 'jared', ['spam1']);
    events.blacklistRemoved(actor(), 'jared', []);

    const requests = await deliverAll();

    expect(requests.map((request) => request.query.OptPlatform)).toEqual(['Web', 'Web', 'Web', 'Web']);
    expect(requests.map((request) => request.body)).toEqual([
      {
        CallbackCommand: 'Sns.CallbackFriendAdd',
        PairList: [
          { From_Account: 'jared', To_Account: 'jonh', Initiator_Account: 'jared' },
          { From_Account: 'jonh', To_Account: 'jared', Initiator_Account: 'jared' },
        ],
        ClientCmd: 'friend_add',
        Admin_Account: '',
        ForceFlag: 0,
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Sns.CallbackFriendDelete',
        PairList: [
          { From_Account: 'jared', To_Account: 'jonh' },
          { From_Account: 'jonh', To_Account: 'jared' },
        ],
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Sns.CallbackBlackListAdd',
        PairList: [
          { From_Account: 'jared', To_Account: 'spam1' },
          { From_Account: 'jared', To_Account: 'spam2' },
        ],
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Sns.CallbackBlackListDelete',
        PairList: [{ From_Account: 'jared', To_Account: 'spam1' }],
        EventTime: expect.any(Number),
      },
    ]);
  });

  it('queues nothing when the event is switched off or callbacks are disabled', async () => {
    app = testApp(sdkAppId, {
      url: receiver.url,
      token: TOKEN,
      events: { 'C2C.CallbackAfterSendMsg': false },
    });
    callbacks.hooks.afterSend(app, stored, { clientIp: '1.2.3.4', platform: 'web' });
    app = testApp(sdkAppId, { url: receiver.url, token: TOKEN, enabled: false });
    callbacks.relationEvents.friendDeleted(actor(), 'a', 'b');
    await settle();

    expect(await callbacks.queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
  });

  it('drops queued events the app no longer wants when their turn comes', async () => {
    callbacks.hooks.afterSend(app, stored, { clientIp: '1.2.3.4', platform: 'web' });
    await settle();
    app = testApp(sdkAppId, { url: receiver.url, token: TOKEN, enabled: false });

    expect(await deliverAll()).toEqual([]);
    expect(await callbacks.queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
  });

  it('an accepted friend request names the requester as initiator, with ClientCmd friend_response', async () => {
    // jared (the actor) accepts the request alice sent him.
    callbacks.relationEvents.friendAdded(actor(), 'alice', 'jared', 'response');
    const requests = await deliverAll();
    expect(requests.map((request) => request.body)).toEqual([
      {
        CallbackCommand: 'Sns.CallbackFriendAdd',
        PairList: [
          { From_Account: 'alice', To_Account: 'jared', Initiator_Account: 'alice' },
          { From_Account: 'jared', To_Account: 'alice', Initiator_Account: 'alice' },
        ],
        ClientCmd: 'friend_response',
        Admin_Account: '',
        ForceFlag: 0,
        EventTime: expect.any(Number),
      },
    ]);
  });

  it('never throws into the chat path when the queue cannot store: it counts the loss', async () => {
    db.close(); // the storage is gone

    expect(() =>
      callbacks.hooks.afterSend(app, stored, { clientIp: '1.2.3.4', platform: 'web' }),
    ).not.toThrow();
    expect(() => callbacks.relationEvents.friendAdded(actor(), 'a', 'b', 'add')).not.toThrow();
    await settle();

    expect(callbacks.emitter.lostCount()).toBe(2);
    db = openEmbeddedDatabase(':memory:'); // for afterEach
  });
});
