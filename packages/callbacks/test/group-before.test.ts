import type { GroupCallContext, GroupRecord, OutgoingGroupMessage } from '@parley/domain';
import { errorCatalogue } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackSender, createGroupBeforeHooks } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const TOKEN = 'group-before-token';
const sdkAppId = nextSdkAppId();
let receiver: CallbackReceiver;
const sender = createCallbackSender({
  allowPrivateAddresses: true,
  circuitBreaker: { failureThreshold: 1000 },
});
const hooks = createGroupBeforeHooks({ sender });

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
  customFields: {},
  createdAt: 1_670_574_414_000,
  updatedAt: 1_670_574_414_000,
};
const context: GroupCallContext = { operator: 'leckie', clientIp: '203.0.113.9', platform: 'android' };
const message: OutgoingGroupMessage = {
  group,
  from: 'jared',
  random: 123456,
  time: 1_670_574_414_123,
  body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }],
  cloudCustomData: 'your cloud custom data',
  onlineOnly: false,
};
const jared: GroupCallContext = { ...context, operator: 'jared' };

function app(overrides: Parameters<typeof testApp>[1] = {}) {
  return testApp(sdkAppId, { url: receiver.url, token: TOKEN, ...overrides });
}

const REJECTED = { action: 'reject', error: 'GROUP_CALLBACK_REJECTED' };

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
});

describe('group before-callbacks: Tencent’s requests', () => {
  it('Group.CallbackBeforeCreateGroup: signed, the initial members without the owner, no group ID yet', async () => {
    expect(await hooks.beforeCreate(app(), group, ['leckie', 'bob', 'peter'], context)).toEqual({
      action: 'allow',
    });

    expect(receiver.refused).toEqual([]);
    const [request] = receiver.received;
    expect(request?.query).toMatchObject({
      SdkAppid: String(sdkAppId),
      CallbackCommand: 'Group.CallbackBeforeCreateGroup',
      contenttype: 'json',
      ClientIP: '203.0.113.9',
      OptPlatform: 'Android',
    });
    expect(request?.query.Sign).toMatch(/^[0-9a-f]{64}$/);
    expect(request?.body).toEqual({
      CallbackCommand: 'Group.CallbackBeforeCreateGroup',
      Operator_Account: 'leckie',
      Owner_Account: 'leckie',
      Type: 'Public',
      Name: 'MyFirstGroup',
      MemberList: [{ Member_Account: 'bob' }, { Member_Account: 'peter' }],
      EventTime: expect.any(Number),
    });
  });

  it('names Work groups Private and Meeting groups ChatRoom, as Tencent’s server side does', async () => {
    await hooks.beforeCreate(app(), { ...group, type: 'Work' }, ['leckie'], context);
    await hooks.beforeCreate(app(), { ...group, type: 'Meeting', ownerId: null }, [], context);

    expect(receiver.received.map((request) => [request.body.Type, request.body.Owner_Account])).toEqual([
      ['Private', 'leckie'],
      ['ChatRoom', ''],
    ]);
  });

  it('Group.CallbackBeforeApplyJoinGroup names the requestor', async () => {
    await hooks.beforeApplyJoin(app(), group, jared);

    expect(receiver.received[0]?.body).toEqual({
      CallbackCommand: 'Group.CallbackBeforeApplyJoinGroup',
      GroupId: '@TGS#2J4SZEAEL',
      Type: 'Public',
      Requestor_Account: 'jared',
      EventTime: expect.any(Number),
    });
  });

  it('Group.CallbackBeforeInviteJoinGroup lists the invited users as DestinationMembers', async () => {
    await hooks.beforeInviteJoin(app(), group, ['jared', 'tommy'], context);

    expect(receiver.received[0]?.body).toEqual({
      CallbackCommand: 'Group.CallbackBeforeInviteJoinGroup',
      GroupId: '@TGS#2J4SZEAEL',
      Type: 'Public',
      Operator_Account: 'leckie',
      DestinationMembers: [{ Member_Account: 'jared' }, { Member_Account: 'tommy' }],
      EventTime: expect.any(Number),
    });
  });

  it('Group.CallbackBeforeSendMsg carries the message, its sender and the operator', async () => {
    await hooks.beforeSend(app(), message, { ...jared, platform: 'web' });

    expect(receiver.received[0]?.query).toMatchObject({ OptPlatform: 'Web' });
    expect(receiver.received[0]?.body).toEqual({
      CallbackCommand: 'Group.CallbackBeforeSendMsg',
      GroupId: '@TGS#2J4SZEAEL',
      Type: 'Public',
      From_Account: 'jared',
      Operator_Account: 'jared',
      Random: 123456,
      OnlineOnlyFlag: 0,
      MsgBody: message.body,
      CloudCustomData: 'your cloud custom data',
      EventTime: expect.any(Number),
    });
  });

  it('OnlineOnlyFlag is 1 for an online-only message, and always 0 in an AVChatRoom', async () => {
    await hooks.beforeSend(app(), { ...message, onlineOnly: true }, jared);
    await hooks.beforeSend(
      app(),
      { ...message, onlineOnly: true, group: { ...group, type: 'AVChatRoom' } },
      jared,
    );

    expect(receiver.received.map((request) => request.body.OnlineOnlyFlag)).toEqual([1, 0]);
  });
});

describe('group before-callbacks: the reply decides', () => {
  type App = ReturnType<typeof app>;
  const operations = {
    create: (target: App) => hooks.beforeCreate(target, group, ['leckie'], context),
    apply: (target: App) => hooks.beforeApplyJoin(target, group, jared),
    invite: (target: App) => hooks.beforeInviteJoin(target, group, ['jared'], context),
    send: (target: App) => hooks.beforeSend(target, message, jared),
  };

  it.each(Object.entries(operations))(
    '%s: ErrorCode 1 refuses with GROUP_CALLBACK_REJECTED (10016)',
    async (_, run) => {
      receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'no' } }));

      expect(await run(app())).toEqual(REJECTED);
      expect(errorCatalogue.GROUP_CALLBACK_REJECTED.code).toBe(10016);
    },
  );

  it.each(Object.entries(operations))(
    '%s: a code in 10100-10200 refuses with it and its ErrorInfo',
    async (_, run) => {
      receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 10150, ErrorInfo: 'members only' } }));

      expect(await run(app())).toEqual({ ...REJECTED, code: 10150, detail: 'members only' });
    },
  );

  it.each(Object.entries(operations))('%s: ErrorCode 0 allows', async (_, run) => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } }));

    expect(await run(app())).toEqual({ action: 'allow' });
  });

  it.each([
    ['create', operations.create],
    ['apply', operations.apply],
    ['invite', operations.invite],
  ] as const)(
    '%s: goes on when the callback times out, fails or answers nonsense, even if the app blocks messages',
    async (_, run) => {
      const blocking = { timeoutMs: 150, beforeSendFailurePolicy: 'block' } as const;
      const replies = [
        { delayMs: 2_000 },
        { status: 500 },
        { raw: 'OK' },
        // C2C's range, 2 (drop) and other codes are not group-operation answers.
        { json: { ErrorCode: 120005 } },
        { json: { ErrorCode: 2 } },
        { json: { ErrorCode: 0, RefusedMembers_Account: 'jared' } },
      ];
      for (const reply of replies) {
        receiver.reply(() => reply);
        const verdict = await run(app(blocking));
        expect(verdict, JSON.stringify(reply)).toEqual({ action: 'allow' });
      }
    },
  );

  it('invite: refuses the invitation when the app refuses one of the invited users', async () => {
    receiver.reply(() => ({
      json: { ActionStatus: 'OK', ErrorCode: 0, RefusedMembers_Account: ['tommy', 'other'] },
    }));

    expect(await hooks.beforeInviteJoin(app(), group, ['jared', 'tommy'], context)).toEqual({
      ...REJECTED,
      detail: 'The app refused to have tommy invited.',
    });
    // Refusing users who are not invited refuses nothing.
    expect(await hooks.beforeInviteJoin(app(), group, ['jared'], context)).toEqual({ action: 'allow' });
  });

  it('send: ErrorCode 2 drops the message silently', async () => {
    receiver.reply(() => ({ json: { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' } }));

    expect(await operations.send(app())).toEqual({ action: 'drop' });
  });

  it('send: a returned MsgBody and CloudCustomData replace the message’s', async () => {
    const modified = [
      { MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } },
      { MsgType: 'TIMCustomElem', MsgContent: { Desc: 'CustomElement.MemberLevel', Data: 'LV1' } },
    ];
    receiver.reply(() => ({
      json: { ActionStatus: 'OK', ErrorCode: 0, MsgBody: modified, CloudCustomData: 'lv' },
    }));

    expect(await operations.send(app())).toEqual({ action: 'allow', body: modified, cloudCustomData: 'lv' });
  });

  it('send: the app’s beforeSendFailurePolicy applies to a timeout, an invalid MsgBody or C2C’s code range', async () => {
    const failures = [
      { delayMs: 2_000 },
      { json: { ErrorCode: 0, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: {} }] } },
      { json: { ErrorCode: 120005 } },
    ];
    for (const reply of failures) {
      receiver.reply(() => reply);
      expect(
        await hooks.beforeSend(app({ timeoutMs: 150, beforeSendFailurePolicy: 'deliver' }), message, jared),
        JSON.stringify(reply),
      ).toEqual({ action: 'allow' });
      expect(
        await hooks.beforeSend(app({ timeoutMs: 150, beforeSendFailurePolicy: 'block' }), message, jared),
        JSON.stringify(reply),
      ).toEqual({ action: 'reject', error: 'CALLBACK_FAILED' });
    }
  });

  it('allows without any request when the event is switched off or callbacks are disabled', async () => {
    receiver.reply(() => ({ json: { ErrorCode: 1 } }));
    const off = app({
      events: {
        'Group.CallbackBeforeCreateGroup': false,
        'Group.CallbackBeforeApplyJoinGroup': false,
        'Group.CallbackBeforeInviteJoinGroup': false,
        'Group.CallbackBeforeSendMsg': false,
      },
    });
    const disabled = app({ enabled: false, beforeSendFailurePolicy: 'block' });

    for (const target of [off, disabled]) {
      expect(await hooks.beforeCreate(target, group, ['leckie'], context)).toEqual({ action: 'allow' });
      expect(await hooks.beforeApplyJoin(target, group, jared)).toEqual({ action: 'allow' });
      expect(await hooks.beforeInviteJoin(target, group, ['jared'], context)).toEqual({ action: 'allow' });
      expect(await hooks.beforeSend(target, message, jared)).toEqual({ action: 'allow' });
    }
    expect(receiver.received).toEqual([]);
  });
});
