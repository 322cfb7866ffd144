// Over 300 lines: every Group.CallbackAfter* event's body and switch in one reading order, then their durability.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeApp } from '@parley/app-config';
import type { GroupCallContext, GroupRecord, StoredMessage } from '@parley/domain';
import {
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Callbacks, createCallbacks } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const TOKEN = 'group-after-token';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
let db: EmbeddedDatabase;
let callbacks: Callbacks;
let app: RuntimeApp;

const group: GroupRecord = {
  sdkAppId,
  groupId: '@TGS#2J4SZEAEL',
  type: 'Public',
  name: 'MyFirstGroup',
  introduction: '',
  notification: '',
  faceUrl: '',
  ownerId: 'leckie',
  applyJoinOption: 'FreeAccess',
  maxMembers: 200,
  muteAll: false,
  customFields: { UserDefined1: 'hello', UserDefined2: 'world' },
  createdAt: 1_670_574_414_000,
  updatedAt: 1_670_574_414_000,
};
const context: GroupCallContext = { operator: 'leckie', clientIp: '198.51.100.20', platform: 'ios' };
const stored: StoredMessage = {
  sdkAppId,
  conversationId: 'group:@TGS#2J4SZEAEL',
  seq: 123,
  msgKey: '123_123456_1490686222',
  from: 'jared',
  to: '@TGS#2J4SZEAEL',
  random: 123456,
  time: 1_490_686_222_500,
  body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }],
  cloudCustomData: 'your cloud custom data',
};

/** Lets queued promise callbacks (the insert) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function start(database: EmbeddedDatabase): Callbacks {
  return createCallbacks({
    queue: createSqliteCallbackQueue({ db: database }),
    getApp: async () => app,
    allowPrivateAddresses: true,
    dispatcher: { concurrency: 1 },
  });
}

async function deliverAll() {
  await settle();
  await callbacks.dispatcher.runOnce();
  return receiver.received;
}

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  db = openEmbeddedDatabase(':memory:');
  app = testApp(sdkAppId, { url: receiver.url, token: TOKEN });
  callbacks = start(db);
});
afterEach(async () => {
  await callbacks.close();
  db.close();
  receiver.received.length = 0;
});

describe('group after-events', () => {
  it('Group.CallbackAfterCreateGroup: the group, its initial members but the owner, its custom fields', async () => {
    callbacks.groupHooks.afterCreate(app, group, ['leckie', 'bob', 'peter'], {
      ...context,
      operator: 'group_root',
    });

    const [request] = await deliverAll();

    expect(receiver.refused).toEqual([]);
    expect(request?.query).toMatchObject({
      CallbackCommand: 'Group.CallbackAfterCreateGroup',
      ClientIP: '198.51.100.20',
      OptPlatform: 'iOS',
    });
    expect(request?.body).toEqual({
      CallbackCommand: 'Group.CallbackAfterCreateGroup',
      GroupId: '@TGS#2J4SZEAEL',
      Operator_Account: 'group_root',
      Owner_Account: 'leckie',
      Type: 'Public',
      Name: 'MyFirstGroup',
      MemberList: [{ Member_Account: 'bob' }, { Member_Account: 'peter' }],
      UserDefinedDataList: [
        { Key: 'UserDefined1', Value: 'hello' },
        { Key: 'UserDefined2', Value: 'world' },
      ],
      EventTime: expect.any(Number),
    });
  });

  it('Group.CallbackAfterNewMemberJoin and AfterMemberExit carry the join and exit types', async () => {
    const hooks = callbacks.groupHooks;
    hooks.afterNewMemberJoin(app, group, ['jared', 'tommy'], 'Apply', context);
    hooks.afterNewMemberJoin(app, group, ['jared'], 'Invited', context);
    hooks.afterMemberExit(app, group, ['jared', 'tommy'], 'Kicked', context);
    hooks.afterMemberExit(app, group, ['tommy'], 'Quit', { ...context, operator: 'tommy' });
    // Not Tencent events: a group's creation and its end are reported by their own callbacks.
    hooks.afterNewMemberJoin(app, group, ['leckie'], 'Created', context);
    hooks.afterMemberExit(app, group, ['leckie'], 'Disbanded', context);

    const requests = await deliverAll();

    expect(requests.map((request) => request.body)).toEqual([
      {
        CallbackCommand: 'Group.CallbackAfterNewMemberJoin',
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        JoinType: 'Apply',
        Operator_Account: 'leckie',
        NewMemberList: [{ Member_Account: 'jared' }, { Member_Account: 'tommy' }],
        EventTime: expect.any(Number),
      },
      expect.objectContaining({ JoinType: 'Invited', NewMemberList: [{ Member_Account: 'jared' }] }),
      {
        CallbackCommand: 'Group.CallbackAfterMemberExit',
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        ExitType: 'Kicked',
        Operator_Account: 'leckie',
        ExitMemberList: [{ Member_Account: 'jared' }, { Member_Account: 'tommy' }],
        EventTime: expect.any(Number),
      },
      expect.objectContaining({ ExitType: 'Quit', Operator_Account: 'tommy' }),
    ]);
  });

  it('Group.CallbackAfterSendMsg and AfterRecallMsg: the stored message, MsgTime in seconds', async () => {
    callbacks.groupHooks.afterSend(app, group, stored, { ...context, operator: 'admin' });
    const { cloudCustomData: _, ...withoutCustomData } = stored;
    callbacks.groupHooks.afterSend(app, group, { ...withoutCustomData, seq: 0 }, context);
    callbacks.groupHooks.afterRecall(
      app,
      group,
      { ...stored, body: [], recalledAt: stored.time + 1 },
      context,
    );

    const [sent, onlineOnly, recalled] = await deliverAll();

    expect(sent?.body).toEqual({
      CallbackCommand: 'Group.CallbackAfterSendMsg',
      GroupId: '@TGS#2J4SZEAEL',
      Type: 'Public',
      From_Account: 'jared',
      Operator_Account: 'admin',
      Random: 123456,
      MsgSeq: 123,
      MsgTime: 1_490_686_222,
      OnlineOnlyFlag: 0,
      MsgBody: stored.body,
      CloudCustomData: 'your cloud custom data',
      EventTime: expect.any(Number),
    });
    // An online-only message is not kept and has no seq.
    expect(onlineOnly?.body).toMatchObject({ MsgSeq: 0, OnlineOnlyFlag: 1 });
    expect(onlineOnly?.body).not.toHaveProperty('CloudCustomData');
    expect(recalled?.body).toEqual({
      CallbackCommand: 'Group.CallbackAfterRecallMsg',
      Operator_Account: 'leckie',
      Type: 'Public',
      GroupId: '@TGS#2J4SZEAEL',
      MsgSeqList: [{ MsgSeq: 123 }],
      EventTime: expect.any(Number),
    });
  });

  it('Group.CallbackAfterGroupFull, AfterGroupDestroyed (members listed but for a Community)', async () => {
    const hooks = callbacks.groupHooks;
    hooks.afterGroupFull(app, group, context);
    hooks.afterGroupDestroyed(app, group, ['leckie', 'peter', 'bob'], context);
    hooks.afterGroupDestroyed(app, { ...group, type: 'Community', groupId: '@TGS#_c' }, [], context);

    const requests = await deliverAll();

    expect(requests[0]?.query).toMatchObject({ ClientIP: '198.51.100.20', OptPlatform: 'iOS' });
    expect(requests.map((request) => request.body)).toEqual([
      {
        CallbackCommand: 'Group.CallbackAfterGroupFull',
        GroupId: '@TGS#2J4SZEAEL',
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        Owner_Account: 'leckie',
        Name: 'MyFirstGroup',
        MemberList: [{ Member_Account: 'leckie' }, { Member_Account: 'peter' }, { Member_Account: 'bob' }],
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
        GroupId: '@TGS#_c',
        Type: 'Community',
        Owner_Account: 'leckie',
        Name: 'MyFirstGroup',
        EventTime: expect.any(Number),
      },
    ]);
  });

  it('Group.CallbackAfterGroupInfoChanged: only name, introduction, notification and face URL, with new values', async () => {
    const hooks = callbacks.groupHooks;
    hooks.afterGroupInfoChanged(
      app,
      group,
      { notification: 'NewNotification', applyJoinOption: 'NeedPermission' },
      context,
    );
    hooks.afterGroupInfoChanged(
      app,
      group,
      { name: 'n', introduction: 'i', faceUrl: 'https://f.example/a.png' },
      context,
    );
    // Nothing Tencent reports changed: no callback.
    hooks.afterGroupInfoChanged(
      app,
      group,
      { applyJoinOption: 'FreeAccess', customFields: { a: 'b' } },
      context,
    );

    const requests = await deliverAll();

    expect(requests.map((request) => request.body)).toEqual([
      {
        CallbackCommand: 'Group.CallbackAfterGroupInfoChanged',
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        Operator_Account: 'leckie',
        Notification: 'NewNotification',
        EventTime: expect.any(Number),
      },
      {
        CallbackCommand: 'Group.CallbackAfterGroupInfoChanged',
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        Operator_Account: 'leckie',
        Name: 'n',
        Introduction: 'i',
        FaceUrl: 'https://f.example/a.png',
        EventTime: expect.any(Number),
      },
    ]);
  });

  it('queues nothing when the event is switched off or callbacks are disabled', async () => {
    app = testApp(sdkAppId, {
      url: receiver.url,
      token: TOKEN,
      events: { 'Group.CallbackAfterSendMsg': false, 'Group.CallbackAfterGroupDestroyed': false },
    });
    callbacks.groupHooks.afterSend(app, group, stored, context);
    callbacks.groupHooks.afterGroupDestroyed(app, group, ['leckie'], context);
    app = testApp(sdkAppId, { url: receiver.url, token: TOKEN, enabled: false });
    callbacks.groupHooks.afterCreate(app, group, ['leckie'], context);
    callbacks.groupHooks.afterGroupFull(app, group, context);
    await settle();

    expect(await callbacks.queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
    expect(await deliverAll()).toEqual([]);
  });
});

describe('group after-events are durable', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stay queued in the database while the app server is down, and are delivered by the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-group-callbacks-'));
    dirs.push(dir);
    const file = join(dir, 'parley.db');
    const first = openEmbeddedDatabase(file);
    // The app server is down: every attempt fails and is rescheduled.
    app = testApp(sdkAppId, { url: 'http://127.0.0.1:9/down', token: TOKEN });
    const down = start(first);
    down.groupHooks.afterNewMemberJoin(app, group, ['jared'], 'Apply', context);
    down.groupHooks.afterSend(app, group, stored, context);
    down.groupHooks.afterGroupDestroyed(app, group, ['leckie', 'jared'], context);
    await settle();
    await down.dispatcher.runOnce();
    expect(await down.queue.count(sdkAppId)).toEqual({ pending: 3, dead: 0 });
    await down.close();
    first.close();

    // Another process opens the same file once the server is back; the retries are due after the backoff.
    app = testApp(sdkAppId, { url: receiver.url, token: TOKEN });
    const second = openEmbeddedDatabase(file);
    const later = createCallbacks({
      queue: createSqliteCallbackQueue({ db: second }),
      getApp: async () => app,
      allowPrivateAddresses: true,
      now: () => Date.now() + 60_000,
    });
    try {
      await later.dispatcher.runOnce();
      expect(receiver.received.map((request) => request.body.CallbackCommand).sort()).toEqual([
        'Group.CallbackAfterGroupDestroyed',
        'Group.CallbackAfterNewMemberJoin',
        'Group.CallbackAfterSendMsg',
      ]);
      expect(await later.queue.count(sdkAppId)).toEqual({ pending: 0, dead: 0 });
    } finally {
      await later.close();
      second.close();
    }
  });
});
