import type { RuntimeApp } from '@parley/app-config';
import {
  type Actor,
  createGroupServices,
  type GroupDelivery,
  type GroupServices,
  type PushDelivery,
  SendClaims,
  systemClock,
} from '@parley/domain';
import { ParleyError } from '@parley/protocol';
import {
  createEmbeddedStores,
  createMemoryDedupWindow,
  createMemoryRateLimiter,
  createMemorySessionRegistry,
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  type EmbeddedStores,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Callbacks, createCallbacks } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

/** The group services with the callbacks as their hooks, on the embedded storage: what the server wires. */
const TOKEN = 'group-integration-token';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
let db: EmbeddedDatabase;
let stores: EmbeddedStores;
let callbacks: Callbacks;
let services: GroupServices;
let app: RuntimeApp;
const body = [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: 'call me at 555-0100' } }];

/** No one is online: the cluster's deliveries go nowhere (this test is about the callbacks). */
const nobodyOnline: GroupDelivery & PushDelivery = {
  pushToGroup: () => {},
  addToRoster: () => {},
  removeFromRoster: () => {},
  dropRoster: () => {},
  onlineCount: async () => 0,
  isOnlineMember: async () => false,
  push: () => {},
};

function actor(userId: string): Actor {
  return { app, userId, instanceId: `${userId}-1`, platform: 'android', clientIp: '203.0.113.60' };
}

/** The after-events delivered so far, by command. */
async function delivered(command: string) {
  await new Promise((resolve) => setImmediate(resolve));
  await callbacks.dispatcher.runOnce();
  return receiver.received.filter((request) => request.body.CallbackCommand === command);
}

function answer(command: string, json: object): void {
  receiver.reply((request) => (request.body.CallbackCommand === command ? { json } : {}));
}

beforeAll(async () => {
  receiver = await startCallbackReceiver({ sdkAppId, token: TOKEN });
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  db = openEmbeddedDatabase(':memory:');
  stores = createEmbeddedStores({ db });
  const users = ['administrator', 'leckie', 'bob', 'jared', 'tommy'].map((userId) => ({ userId }));
  await stores.accounts.importAccounts(sdkAppId, users, Date.now());
  app = testApp(sdkAppId, { url: receiver.url, token: TOKEN, beforeSendFailurePolicy: 'block' });
  callbacks = createCallbacks({
    queue: createSqliteCallbackQueue({ db }),
    getApp: async () => app,
    allowPrivateAddresses: true,
  });
  services = createGroupServices({
    groups: stores.groups,
    log: stores.groupLog,
    messages: stores.messages,
    accounts: stores.accounts,
    claims: new SendClaims({
      dedup: createMemoryDedupWindow(),
      sessions: createMemorySessionRegistry(),
      nodeId: 'test',
    }),
    rateLimiter: createMemoryRateLimiter(),
    delivery: nobodyOnline,
    hooks: callbacks.groupHooks,
    clock: systemClock,
  });
  receiver.received.length = 0;
  receiver.reply(() => ({}));
});
afterEach(async () => {
  await callbacks.close();
  db.close();
});

describe('group services with callbacks', () => {
  it('a refused creation stores no group and reports none', async () => {
    answer('Group.CallbackBeforeCreateGroup', { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' });

    const error = await services.groups
      .create(actor('leckie'), { type: 'Public', name: 'g', groupId: 'refused', members: ['bob'] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ errorName: 'GROUP_CALLBACK_REJECTED', code: 10016 });
    expect(await stores.groups.get(sdkAppId, 'refused')).toBeUndefined();
    expect(await delivered('Group.CallbackAfterCreateGroup')).toEqual([]);
  });

  it('creation, an invitation the app refuses in part, a join refused with the app’s code', async () => {
    const { group } = await services.groups.create(actor('leckie'), {
      type: 'Work',
      name: 'g',
      members: ['bob'],
    });
    expect((await delivered('Group.CallbackAfterCreateGroup')).map((request) => request.body)).toEqual([
      expect.objectContaining({ GroupId: group.groupId, MemberList: [{ Member_Account: 'bob' }] }),
    ]);

    answer('Group.CallbackBeforeInviteJoinGroup', {
      ActionStatus: 'OK',
      ErrorCode: 0,
      RefusedMembers_Account: ['tommy'],
    });
    await expect(
      services.members.invite(actor('leckie'), { groupId: group.groupId, userIds: ['jared', 'tommy'] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_CALLBACK_REJECTED', code: 10016 });
    expect(await stores.groups.memberCount(sdkAppId, group.groupId)).toBe(2);

    const { group: open } = await services.groups.create(actor('leckie'), {
      type: 'Public',
      name: 'open',
      applyJoinOption: 'FreeAccess',
    });
    answer('Group.CallbackBeforeApplyJoinGroup', {
      ActionStatus: 'OK',
      ErrorCode: 10150,
      ErrorInfo: 'invite only',
    });
    await expect(services.members.join(actor('jared'), { groupId: open.groupId })).rejects.toMatchObject({
      errorName: 'GROUP_CALLBACK_REJECTED',
      code: 10150,
    });

    answer('Group.CallbackBeforeApplyJoinGroup', { ActionStatus: 'OK', ErrorCode: 0 });
    await services.members.join(actor('jared'), { groupId: open.groupId });
    expect((await delivered('Group.CallbackAfterNewMemberJoin')).map((request) => request.body)).toEqual([
      expect.objectContaining({
        JoinType: 'Apply',
        Operator_Account: 'jared',
        NewMemberList: [{ Member_Account: 'jared' }],
      }),
    ]);
  });

  it('a full group reports who tried, and its destruction lists the members', async () => {
    const { group } = await services.groups.create(actor('leckie'), {
      type: 'Public',
      name: 'small',
      members: ['bob'],
      maxMembers: 2,
    });

    await expect(
      services.members.invite(actor('administrator'), { groupId: group.groupId, userIds: ['jared'] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_FULL' });
    const [full] = await delivered('Group.CallbackAfterGroupFull');
    expect(full?.query).toMatchObject({ ClientIP: '203.0.113.60', OptPlatform: 'Android' });
    expect(full?.body).toEqual({
      CallbackCommand: 'Group.CallbackAfterGroupFull',
      GroupId: group.groupId,
      EventTime: expect.any(Number),
    });

    await services.groups.destroy(actor('leckie'), { groupId: group.groupId });
    const [destroyed] = await delivered('Group.CallbackAfterGroupDestroyed');
    expect(destroyed?.body).toMatchObject({
      GroupId: group.groupId,
      Owner_Account: 'leckie',
      MemberList: [{ Member_Account: 'bob' }, { Member_Account: 'leckie' }],
    });
  });

  it('stores the body the app returned and reports it after the send; a drop stores nothing', async () => {
    const { group } = await services.groups.create(actor('leckie'), {
      type: 'Work',
      name: 'w',
      members: ['bob'],
    });
    const censored = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'call me at ***' } }];
    answer('Group.CallbackBeforeSendMsg', { ActionStatus: 'OK', ErrorCode: 0, MsgBody: censored });

    const sent = await services.messages.send(actor('bob'), { groupId: group.groupId, random: 7, body });

    const history = await services.messages.history(actor('leckie'), {
      groupId: group.groupId,
      limit: 20,
    });
    expect(history.messages.filter((m) => m.from === 'bob').map((m) => m.body)).toEqual([censored]);
    const [after] = await delivered('Group.CallbackAfterSendMsg');
    expect(after?.body).toMatchObject({
      Type: 'Private',
      From_Account: 'bob',
      MsgSeq: sent.seq,
      Random: 7,
      MsgBody: censored,
      OnlineOnlyFlag: 0,
    });

    answer('Group.CallbackBeforeSendMsg', { ActionStatus: 'OK', ErrorCode: 2 });
    const dropped = await services.messages.send(actor('bob'), { groupId: group.groupId, random: 8, body });
    expect(dropped.seq).toBe(0);
    expect(await delivered('Group.CallbackAfterSendMsg')).toHaveLength(1);
  });
});
