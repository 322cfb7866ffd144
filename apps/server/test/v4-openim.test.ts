// Over 300 lines: every openim command's conformance cases and bad input, in Tencent's docs' order.
import { text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/openim/*` driven as Tencent's REST docs show it; effects checked on real gateway WebSockets. */
const suite = suiteParley();

async function newApp(config?: unknown, users = ['alice', 'bob', 'carol']): Promise<V4App> {
  const app = await suite.newV4App(config);
  const imported = await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts: users });
  expect(imported.body.ErrorCode).toBe(0);
  return app;
}

async function login(app: V4App, userId: string, platform?: 'web' | 'android'): Promise<LoggedIn> {
  return suite.login(app.chat, userId, platform);
}

let nextRandom = 1000;
function sendmsg(fields: Record<string, unknown>) {
  return {
    SyncOtherMachine: 1,
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: nextRandom++,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
    ...fields,
  };
}

function failed(code: number) {
  return { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code }) };
}

async function roam(app: V4App, fields: Record<string, unknown> = {}) {
  const reply = await app.rest.call('openim/admin_getroammsg', {
    Operator_Account: 'alice',
    Peer_Account: 'bob',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: 4_294_967_295,
    ...fields,
  });
  expect(reply.body.ActionStatus).toBe('OK');
  return reply.body as unknown as {
    Complete: number;
    MsgCnt: number;
    LastMsgKey: string;
    MsgList: { From_Account: string; MsgKey: string; MsgBody: unknown[]; MsgFlagBits: number }[];
  };
}

describe('sendmsg', () => {
  it('delivers to the recipient’s WebSocket and answers MsgTime and MsgKey', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const before = Math.floor(Date.now() / 1000);
    const reply = await app.rest.call('openim/sendmsg', sendmsg({ CloudCustomData: 'meta' }));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(reply.body.MsgTime).toBeGreaterThanOrEqual(before);
    const pushed = await bob.socket.nextPush('message');
    expect(pushed).toMatchObject({ from: 'alice', to: 'bob', body: text('hello'), cloudCustomData: 'meta' });
    expect(pushed.msgKey).toBe(reply.body.MsgKey);
    expect(Math.floor(pushed.time / 1000)).toBe(reply.body.MsgTime);
  });

  it('syncs to the sender’s sessions with SyncOtherMachine 1, not with 2', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    await app.rest.call('openim/sendmsg', sendmsg({ SyncOtherMachine: 2, MsgBody: text('quiet') }));
    await app.rest.call('openim/sendmsg', sendmsg({ SyncOtherMachine: 1, MsgBody: text('synced') }));
    const pushed = await alice.socket.nextPush('message');
    expect(pushed.body).toEqual(text('synced'));
    await alice.socket.barrier();
    expect(alice.socket.pushesNamed('message')).toHaveLength(1);
  });

  it('sends as the admin when From_Account is left out', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const { From_Account: _, ...withoutSender } = sendmsg({});
    expect((await app.rest.call('openim/sendmsg', withoutSender)).body.ErrorCode).toBe(0);
    expect(await bob.socket.nextPush('message')).toMatchObject({ from: 'administrator', to: 'bob' });
  });

  it('skips the friendship, blacklist and mute checks (Tencent’s REST send)', async () => {
    const app = await newApp({ messaging: { friendshipCheck: true, blacklistCheck: true } });
    const bob = await login(app, 'bob');
    await bob.socket.ok('blacklist.add', { userIds: ['alice'] });
    const muted = await suite.parley.admin('PATCH', `/v1/apps/${app.sdkAppId}/users/alice`, {
      mutedForSeconds: 3600,
    });
    expect(muted.status).toBe(200);
    expect((await app.rest.call('openim/sendmsg', sendmsg({}))).body.ErrorCode).toBe(0);
    expect(await bob.socket.nextPush('message')).toMatchObject({ from: 'alice', body: text('hello') });
  });

  it('deduplicates by MsgRandom: a resend answers the same MsgKey and delivers once', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const body = sendmsg({});
    const first = await app.rest.call('openim/sendmsg', body);
    const again = await app.rest.call('openim/sendmsg', body);
    expect(again.body.MsgKey).toBe(first.body.MsgKey);
    await bob.socket.nextPush('message');
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message')).toHaveLength(1);
    expect((await roam(app)).MsgCnt).toBe(1);
  });

  it('with MsgLifeTime 0 delivers to online sessions only and stores nothing', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    expect((await app.rest.call('openim/sendmsg', sendmsg({ MsgLifeTime: 0 }))).body.ErrorCode).toBe(0);
    expect((await bob.socket.nextPush('message')).seq).toBe(0);
    expect((await roam(app)).MsgCnt).toBe(0);
  });

  it('refuses bad input with a FAIL envelope and the right code, delivering nothing', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const { To_Account: _, ...noRecipient } = sendmsg({});
    const { MsgRandom: __, ...noRandom } = sendmsg({});
    expect(await app.rest.call('openim/sendmsg', noRecipient)).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', noRandom)).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ MsgBody: 'hello' }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ MsgBody: [] }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ To_Account: 7 }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ SyncOtherMachine: 3 }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ MsgLifeTime: 604_801 }))).toEqual(failed(90026));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ To_Account: 'ghost' }))).toEqual(failed(90048));
    expect(await app.rest.call('openim/sendmsg', sendmsg({ From_Account: 'ghost' }))).toEqual(failed(90048));
    const big = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x'.repeat(13 * 1024) } }];
    expect(await app.rest.call('openim/sendmsg', sendmsg({ MsgBody: big }))).toEqual(failed(80002));
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message')).toEqual([]);
    expect((await roam(app)).MsgCnt).toBe(0);
  });
});

describe('batchsendmsg', () => {
  it('sends to each recipient and lists the failed ones in ErrorList (70107 for an unknown account)', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const carol = await login(app, 'carol');
    const reply = await app.rest.call(
      'openim/batchsendmsg',
      sendmsg({ To_Account: ['bob', 'carol', 'ghost'] }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorList: [{ To_Account: 'ghost', ErrorCode: 70107 }],
    });
    expect(typeof reply.body.MsgKey).toBe('string');
    for (const { socket } of [bob, carol]) {
      expect(await socket.nextPush('message')).toMatchObject({ from: 'alice', body: text('hello') });
    }
  });

  it('refuses more than 500 recipients or a missing list with 90001, sending nothing', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const many = ['bob', ...Array.from({ length: 500 }, (_, i) => `u${i}`)];
    expect(await app.rest.call('openim/batchsendmsg', sendmsg({ To_Account: many }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/batchsendmsg', sendmsg({ To_Account: 'bob' }))).toEqual(failed(90001));
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message')).toEqual([]);
  });
});

describe('admin_msgwithdraw', () => {
  it('recalls a message by its MsgKey, whatever its age, with the recall push to both sides', async () => {
    const app = await newApp({ messaging: { recallLimitSeconds: 0 } });
    const bob = await login(app, 'bob');
    const sent = await app.rest.call('openim/sendmsg', sendmsg({}));
    const message = await bob.socket.nextPush('message');
    const reply = await app.rest.call('openim/admin_msgwithdraw', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgKey: sent.body.MsgKey,
    });
    expect(reply.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(await bob.socket.nextPush('recalled')).toEqual({
      conversationId: message.conversationId,
      seq: message.seq,
      by: 'administrator',
    });
    const [stored] = (await roam(app)).MsgList;
    expect(stored).toMatchObject({ MsgFlagBits: 8, MsgBody: [] });
  });

  it('answers an unknown MsgKey, a wrong sender or missing fields with a FAIL, recalling nothing', async () => {
    const app = await newApp();
    const sent = await app.rest.call('openim/sendmsg', sendmsg({}));
    const key = sent.body.MsgKey as string;
    const withdraw = (fields: Record<string, unknown>) =>
      app.rest.call('openim/admin_msgwithdraw', {
        From_Account: 'alice',
        To_Account: 'bob',
        MsgKey: key,
        ...fields,
      });
    expect(await withdraw({ MsgKey: '99_1_1' })).toEqual(failed(20022));
    expect(await withdraw({ MsgKey: 'garbage' })).toEqual(failed(20022));
    expect(await withdraw({ From_Account: 'bob', To_Account: 'alice' })).toEqual(failed(20022));
    expect(await withdraw({ MsgKey: undefined })).toEqual(failed(90001));
    expect((await roam(app)).MsgList[0]).toMatchObject({ MsgFlagBits: 0 });
  });
});

describe('admin_getroammsg', () => {
  it('pages a conversation newest first by LastMsgKey, Complete on the last page', async () => {
    const app = await newApp();
    const keys: string[] = [];
    for (const word of ['one', 'two', 'three']) {
      keys.push(
        (await app.rest.call('openim/sendmsg', sendmsg({ MsgBody: text(word) }))).body.MsgKey as string,
      );
    }
    const first = await roam(app, { MaxCnt: 2 });
    expect(first).toMatchObject({ Complete: 0, MsgCnt: 2, LastMsgKey: keys[1] });
    expect(first.MsgList.map((m) => m.MsgKey)).toEqual([keys[2], keys[1]]);
    expect(first.MsgList[0]).toMatchObject({
      From_Account: 'alice',
      To_Account: 'bob',
      MsgBody: text('three'),
    });
    const second = await roam(app, { MaxCnt: 2, LastMsgKey: first.LastMsgKey });
    expect(second).toMatchObject({ Complete: 1, MsgCnt: 1, LastMsgKey: keys[0] });
  });

  it('refuses missing fields, MaxCnt over 100 and MinTime after MaxTime with 90001', async () => {
    const app = await newApp();
    const base = { Operator_Account: 'alice', Peer_Account: 'bob', MaxCnt: 10, MinTime: 0, MaxTime: 10 };
    const call = (fields: Record<string, unknown>) =>
      app.rest.call('openim/admin_getroammsg', { ...base, ...fields });
    expect(await call({ Peer_Account: undefined })).toEqual(failed(90001));
    expect(await call({ MaxCnt: 101 })).toEqual(failed(90001));
    expect(await call({ MinTime: 11 })).toEqual(failed(90001));
    expect(await call({ LastMsgKey: 'nope' })).toEqual(failed(90001));
  });
});

describe('query_online_status and querystate', () => {
  it('say Online with a Detail per platform, Offline, and list unknown accounts in ErrorList', async () => {
    const app = await newApp();
    await login(app, 'alice', 'web');
    for (const command of ['openim/query_online_status', 'openim/querystate']) {
      const reply = await app.rest.call(command, { To_Account: ['alice', 'bob', 'ghost'], IsNeedDetail: 1 });
      expect(reply.body).toEqual({
        ActionStatus: 'OK',
        ErrorCode: 0,
        ErrorInfo: '',
        QueryResult: [
          { To_Account: 'alice', State: 'Online', Detail: [{ Platform: 'Web', Status: 'Online' }] },
          { To_Account: 'bob', State: 'Offline' },
        ],
        ErrorList: [{ To_Account: 'ghost', ErrorCode: 70107 }],
      });
    }
  });

  it('refuses more than 500 accounts or a missing list with 90001', async () => {
    const app = await newApp();
    const many = Array.from({ length: 501 }, (_, i) => `u${i}`);
    expect(await app.rest.call('openim/query_online_status', { To_Account: many })).toEqual(failed(90001));
    expect(await app.rest.call('openim/querystate', {})).toEqual(failed(90001));
  });
});

describe('get_c2c_unread_msg_num and admin_set_msg_read', () => {
  async function unread(app: V4App, fields: Record<string, unknown>) {
    const reply = await app.rest.call('openim/get_c2c_unread_msg_num', { To_Account: 'bob', ...fields });
    expect(reply.status).toBe(200);
    return reply.body;
  }

  it('count unread messages per peer and in all, and mark them read with the read push', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    for (const word of ['one', 'two', 'three']) {
      await app.rest.call('openim/sendmsg', sendmsg({ MsgBody: text(word) }));
    }
    await app.rest.call('openim/sendmsg', sendmsg({ From_Account: 'carol' }));
    expect(await unread(app, {})).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      AllC2CUnreadMsgNum: 4,
    });
    expect(await unread(app, { Peer_Account: ['alice', 'carol', 'ghost'] })).toMatchObject({
      ActionStatus: 'OK',
      C2CUnreadMsgNumList: [
        { Peer_Account: 'alice', C2CUnreadMsgNum: 3 },
        { Peer_Account: 'carol', C2CUnreadMsgNum: 1 },
      ],
      ErrorList: [{ Peer_Account: 'ghost', ErrorCode: 70107 }],
    });

    const read = await app.rest.call('openim/admin_set_msg_read', {
      Report_Account: 'bob',
      Peer_Account: 'alice',
    });
    expect(read.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(await alice.socket.nextPush('read')).toMatchObject({ by: 'bob', readSeq: 3 });
    expect(await unread(app, { Peer_Account: ['alice'] })).toMatchObject({
      C2CUnreadMsgNumList: [{ Peer_Account: 'alice', C2CUnreadMsgNum: 0 }],
    });
    expect((await unread(app, {})).AllC2CUnreadMsgNum).toBe(1);
  });

  it('admin_set_msg_read with MsgReadTime before every message marks nothing read', async () => {
    const app = await newApp();
    await app.rest.call('openim/sendmsg', sendmsg({}));
    const reply = await app.rest.call('openim/admin_set_msg_read', {
      Report_Account: 'bob',
      Peer_Account: 'alice',
      MsgReadTime: 1000,
    });
    expect(reply.body.ErrorCode).toBe(0);
    expect((await unread(app, {})).AllC2CUnreadMsgNum).toBe(1);
  });

  it('refuse unknown accounts (90048), more than 10 peers and missing fields (90001)', async () => {
    const app = await newApp();
    await app.rest.call('openim/sendmsg', sendmsg({}));
    const peers = Array.from({ length: 11 }, (_, i) => `p${i}`);
    expect(await unread(app, { To_Account: 'ghost' })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 90048,
    });
    expect(await unread(app, { Peer_Account: peers })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 90001,
    });
    expect(await unread(app, { To_Account: undefined })).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 90001,
    });
    const setRead = (fields: Record<string, unknown>) =>
      app.rest.call('openim/admin_set_msg_read', { Report_Account: 'bob', Peer_Account: 'alice', ...fields });
    expect(await setRead({ Peer_Account: 'ghost' })).toEqual(failed(90048));
    expect(await setRead({ Report_Account: undefined })).toEqual(failed(90001));
    expect(await setRead({ MsgReadTime: 'now' })).toEqual(failed(90001));
    expect((await unread(app, {})).AllC2CUnreadMsgNum).toBe(1);
  });
});

describe('importmsg', () => {
  const imported = (fields: Record<string, unknown> = {}) => ({
    SyncFromOldSystem: 2,
    From_Account: 'alice',
    To_Account: 'bob',
    MsgSeq: 1,
    MsgRandom: 4242,
    MsgTimeStamp: Math.floor(Date.now() / 1000) - 3600,
    MsgBody: text('from the old system'),
    ...fields,
  });

  it('stores the message with its own time, pushing nothing; a second import stores nothing again', async () => {
    const app = await newApp();
    const bob = await login(app, 'bob');
    const body = imported();
    expect((await app.rest.call('openim/importmsg', body)).body).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    });
    expect((await app.rest.call('openim/importmsg', body)).body.ErrorCode).toBe(0);
    const page = await roam(app);
    expect(page.MsgCnt).toBe(1);
    expect(page.MsgList[0]).toMatchObject({
      From_Account: 'alice',
      MsgTimeStamp: body.MsgTimeStamp,
      MsgBody: text('from the old system'),
    });
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message')).toEqual([]);
  });

  it('refuses missing or mistyped fields (90001) and unknown accounts (90048), storing nothing', async () => {
    const app = await newApp();
    expect(await app.rest.call('openim/importmsg', imported({ MsgTimeStamp: undefined }))).toEqual(
      failed(90001),
    );
    expect(await app.rest.call('openim/importmsg', imported({ SyncFromOldSystem: 3 }))).toEqual(
      failed(90001),
    );
    expect(await app.rest.call('openim/importmsg', imported({ MsgBody: {} }))).toEqual(failed(90001));
    expect(await app.rest.call('openim/importmsg', imported({ From_Account: 'ghost' }))).toEqual(
      failed(90048),
    );
    expect(await app.rest.call('openim/importmsg', imported({ To_Account: 'alice' }))).toEqual(failed(90001));
    expect((await roam(app)).MsgCnt).toBe(0);
  });
});
