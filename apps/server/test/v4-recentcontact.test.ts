import { text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/recentcontact/*` as Tencent's REST docs show it; effects checked on the gateway's `conversations` op. */
const suite = suiteParley();

async function newApp(users = ['alice', 'bob', 'carol']): Promise<V4App> {
  const app = await suite.newV4App();
  expect(
    (await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts: users })).body.ErrorCode,
  ).toBe(0);
  return app;
}

async function login(app: V4App, userId: string): Promise<LoggedIn> {
  return suite.login(app.chat, userId);
}

let nextRandom = 1;
async function send(app: V4App, from: string, to: string): Promise<void> {
  const reply = await app.rest.call('openim/sendmsg', {
    From_Account: from,
    To_Account: to,
    MsgRandom: nextRandom++,
    MsgBody: text('hi'),
  });
  expect(reply.body.ErrorCode).toBe(0);
}

function failed(code: number) {
  return { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code }) };
}

const firstPage = { TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0, AssistFlags: 7 };

async function sessionItems(app: V4App, userId: string) {
  const reply = await app.rest.call('recentcontact/get_list', { From_Account: userId, ...firstPage });
  expect(reply.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, CompleteFlag: 1 });
  return reply.body.SessionItem as Record<string, unknown>[];
}

describe('recentcontact/get_list', () => {
  it('lists the user’s one-to-one and group conversations, newest first, as the conversations op does', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    await send(app, 'alice', 'bob');
    const { group } = await alice.socket.ok('group.create', { type: 'Public', name: 'g', members: ['bob'] });
    await alice.socket.ok('group.send', { groupId: group.groupId, random: 1, body: text('to the group') });
    await send(app, 'carol', 'alice');

    const before = Math.floor(Date.now() / 1000);
    const items = await sessionItems(app, 'alice');
    expect(items).toEqual([
      { Type: 1, To_Account: 'carol', MsgTime: expect.any(Number), TopFlag: 0 },
      { Type: 2, GroupId: group.groupId, MsgTime: expect.any(Number), TopFlag: 0 },
      { Type: 1, To_Account: 'bob', MsgTime: expect.any(Number), TopFlag: 0 },
    ]);
    for (const item of items) expect(item.MsgTime).toBeLessThanOrEqual(before);
    expect(items.map((item) => item.MsgTime)).toEqual(
      [...items.map((item) => item.MsgTime as number)].sort((a, b) => b - a),
    );
    const { conversations } = await alice.socket.ok('conversations', {});
    expect(conversations.map((c) => c.peer)).toEqual(['carol', group.groupId, 'bob']);
    expect(await sessionItems(app, 'bob')).toHaveLength(2);
  });

  it('answers an empty complete list for a user with no conversation, and paging fields ask nothing more', async () => {
    const app = await newApp();
    const reply = await app.rest.call('recentcontact/get_list', { From_Account: 'alice', ...firstPage });
    expect(reply.body).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      SessionItem: [],
      CompleteFlag: 1,
      TimeStamp: 0,
      StartIndex: 0,
      TopTimeStamp: 0,
      TopStartIndex: 0,
    });
  });

  it('fails with 50001 for an account that does not exist and 50002 for a bad body', async () => {
    const app = await newApp();
    expect(
      await app.rest.call('recentcontact/get_list', { From_Account: 'ghost', ...firstPage }),
    ).toMatchObject(failed(50001));
    for (const body of [
      {},
      { From_Account: 'alice', StartIndex: -1 },
      { From_Account: 'alice', TimeStamp: 'x' },
    ]) {
      expect(await app.rest.call('recentcontact/get_list', body)).toMatchObject(failed(50002));
    }
  });
});

describe('recentcontact/delete', () => {
  it('removes the one-to-one conversation from the user’s list only; the messages and the peer’s list stay', async () => {
    const app = await newApp();
    await send(app, 'alice', 'bob');
    await send(app, 'alice', 'carol');
    const reply = await app.rest.call('recentcontact/delete', {
      From_Account: 'bob',
      Type: 1,
      To_Account: 'alice',
      ClearRamble: 1,
    });
    expect(reply.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });

    expect(await sessionItems(app, 'bob')).toEqual([]);
    expect((await sessionItems(app, 'alice')).map((item) => item.To_Account)).toEqual(['carol', 'bob']);
    const bob = await login(app, 'bob');
    expect((await bob.socket.ok('conversations', {})).conversations).toEqual([]);
    const roam = await app.rest.call('openim/admin_getroammsg', {
      Operator_Account: 'bob',
      Peer_Account: 'alice',
      MaxCnt: 10,
      MinTime: 0,
      MaxTime: 4_294_967_295,
    });
    expect(roam.body).toMatchObject({ ActionStatus: 'OK', MsgCnt: 1 });

    // Deleting again is no error; the next message lists the conversation again, with only itself unread.
    expect(
      (await app.rest.call('recentcontact/delete', { From_Account: 'bob', Type: 1, To_Account: 'alice' }))
        .body.ErrorCode,
    ).toBe(0);
    await send(app, 'alice', 'bob');
    expect((await sessionItems(app, 'bob')).map((item) => item.To_Account)).toEqual(['alice']);
    const unread = await app.rest.call('openim/get_c2c_unread_msg_num', {
      To_Account: 'bob',
      Peer_Account: ['alice'],
    });
    expect(unread.body.C2CUnreadMsgNumList).toEqual([{ Peer_Account: 'alice', C2CUnreadMsgNum: 1 }]);
  });

  it('fails with 50002 for a group conversation or a bad body, 50001 for an unknown account, deleting nothing', async () => {
    const app = await newApp();
    await send(app, 'alice', 'bob');
    for (const body of [
      { From_Account: 'bob', Type: 2, ToGroupid: '@TGS#1' },
      { From_Account: 'bob', Type: 1 },
      { From_Account: 'bob', Type: 3, To_Account: 'alice' },
      { From_Account: 'bob', Type: 1, To_Account: 'alice', ClearRamble: 2 },
      { Type: 1, To_Account: 'alice' },
    ]) {
      expect(await app.rest.call('recentcontact/delete', body)).toMatchObject(failed(50002));
    }
    expect(
      await app.rest.call('recentcontact/delete', { From_Account: 'ghost', Type: 1, To_Account: 'alice' }),
    ).toMatchObject(failed(50001));
    expect((await sessionItems(app, 'bob')).map((item) => item.To_Account)).toEqual(['alice']);
  });
});
