import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AdminApiFixture,
  type CreatedApp,
  START_TIME,
  startAdminApi,
} from './support/admin-api-fixture.ts';
import { GroupApi, importUsers, text } from './support/group-api.ts';
import type { RecordingSession } from './support/group-node.ts';

let fx: AdminApiFixture;
let app: CreatedApp;
let api: GroupApi;
let bob: RecordingSession;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp();
  await importUsers(fx, app);
  api = new GroupApi(fx, app);
  await api.created({ type: 'Public', groupId: 'chess', name: 'Chess', ownerId: 'alice', members: ['bob'] });
  bob = await fx.online(app.sdkAppId, 'bob');
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

/** The `message` pushes a session got, as `from: text`. */
function heard(session: RecordingSession): string[] {
  return session.pushes
    .filter((push) => push.push === 'message')
    .map((push) => {
      const data = push.data as { from: string; body: { MsgContent: { Text?: string } }[] };
      return `${data.from}: ${data.body[0]?.MsgContent.Text ?? ''}`;
    });
}

describe('POST /v1/apps/:sdkAppId/groups/:groupId/messages', () => {
  it('sends as the app admin (no `from`): stored, and pushed to the online members', async () => {
    const sent = await api.send('chess', { body: text('Welcome'), random: 7 });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      groupId: 'chess',
      seq: 1,
      msgKey: expect.any(String),
      time: new Date(START_TIME).toISOString(),
    });
    expect(heard(bob)).toEqual(['administrator: Welcome']);
    const history = await api.history('chess');
    expect(history.json.messages).toEqual([
      {
        conversationId: 'group:chess',
        seq: 1,
        msgKey: sent.json.msgKey,
        from: 'administrator',
        to: 'chess',
        random: 7,
        time: new Date(START_TIME).toISOString(),
        body: text('Welcome'),
      },
    ]);
  });

  it('sends as a member with `from`, reaching that member’s own sessions too', async () => {
    const sent = await api.send('chess', { from: 'bob', body: text('Hi all'), mentions: ['alice'] });
    expect(sent.status).toBe(200);
    expect(heard(bob)).toEqual(['bob: Hi all']);
    const [message] = (await api.history('chess')).json.messages;
    expect(message).toMatchObject({ from: 'bob', mentions: ['alice'] });
  });

  it('refuses `from` a user who is not a member with 403 GROUP_PERMISSION_DENIED', async () => {
    for (const from of ['carol', 'nobody']) {
      const refused = await api.send('chess', { from, body: text('Let me in') });
      expect(refused.status, from).toBe(403);
      expect(refused.json.error).toMatchObject({ code: 10007, name: 'GROUP_PERMISSION_DENIED' });
    }
    expect((await api.history('chess')).json.messages).toEqual([]);
  });

  it('stores a resend with the same random once', async () => {
    const first = await api.send('chess', { from: 'bob', body: text('Once'), random: 42 });
    const again = await api.send('chess', { from: 'bob', body: text('Once'), random: 42 });
    expect(again.json).toEqual(first.json);
    const other = await api.send('chess', { from: 'bob', body: text('Twice') });
    expect(other.json.seq).toBe(2);
    expect((await api.history('chess')).json.messages.map((m) => m.seq)).toEqual([2, 1]);
  });

  it('pushes an online-only message without storing it (seq 0)', async () => {
    const sent = await api.send('chess', { body: text('Typing…'), onlineOnly: true });
    expect(sent.json.seq).toBe(0);
    expect(heard(bob)).toEqual(['administrator: Typing…']);
    expect((await api.history('chess')).json.messages).toEqual([]);
  });

  it('refuses a body the `send` op refuses with 400 INVALID_REQUEST, naming the field', async () => {
    for (const [body, path] of [
      [[], 'body.body'],
      [[{ MsgType: 'TIMBogusElem', MsgContent: {} }], 'body.body.0.MsgType'],
      [
        [{ MsgType: 'TIMGroupTipElem', MsgContent: { OpType: 'Join', Operator: 'x' } }],
        'body.body.0.MsgType',
      ],
      [[{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x', $where: '1' } }], 'body.body.0.MsgContent.$where'],
    ] as const) {
      const refused = await api.send('chess', { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.name).toBe('INVALID_REQUEST');
      expect(refused.json.error.fields?.map((f) => f.path)).toContain(path);
    }
  });

  it('refuses more than 12 KB (413 MESSAGE_TOO_LARGE) and more than 30 mentions (400)', async () => {
    const large = await api.send('chess', { body: text('x'.repeat(13_000)) });
    expect(large.status).toBe(413);
    expect(large.json.error).toMatchObject({ code: 80002, name: 'MESSAGE_TOO_LARGE' });
    const mentions = Array.from({ length: 31 }, (_, i) => `u${i}`);
    const tooMany = await api.send('chess', { body: text('hey'), mentions });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error).toMatchObject({ code: 10053, name: 'GROUP_TOO_MANY_MENTIONS' });
  });

  it('answers an unknown group with 404 GROUP_NOT_FOUND', async () => {
    const refused = await api.send('nope', { body: text('Anyone?') });
    expect(refused.status).toBe(404);
    expect(refused.json.error).toMatchObject({ code: 10010, name: 'GROUP_NOT_FOUND' });
  });
});

describe('GET /v1/apps/:sdkAppId/groups/:groupId/messages', () => {
  it('pages the history newest first, before a seq, tips included', async () => {
    await api.send('chess', { from: 'alice', body: text('one') });
    await api.addMembers('chess', ['carol']);
    await api.send('chess', { from: 'carol', body: text('three') });
    const latest = await api.history('chess', '?limit=2');
    expect(latest.status).toBe(200);
    expect(latest.json.messages.map((m) => [m.seq, m.from, m.body[0]?.MsgType])).toEqual([
      [3, 'carol', 'TIMTextElem'],
      [2, 'administrator', 'TIMGroupTipElem'],
    ]);
    expect(latest.json.complete).toBe(false);
    const older = await api.history('chess', '?limit=2&beforeSeq=2');
    expect(older.json.messages.map((m) => m.seq)).toEqual([1]);
    expect(older.json.complete).toBe(true);
  });

  it('refuses a limit above 100 with 400', async () => {
    const refused = await api.history('chess', '?limit=101');
    expect(refused.status).toBe(400);
    expect(refused.json.error.name).toBe('INVALID_REQUEST');
  });
});

describe('POST /v1/apps/:sdkAppId/groups/:groupId/messages/:seq/recall', () => {
  it('recalls any member’s message at any age; members are told', async () => {
    await api.send('chess', { from: 'alice', body: text('Oops') });
    fx.advance(7 * 24 * 3600_000);
    const recalled = await api.recall('chess', 1);
    expect(recalled.status).toBe(200);
    expect(recalled.json).toEqual({ groupId: 'chess', seq: 1 });
    const [message] = (await api.history('chess')).json.messages;
    expect(message).toMatchObject({ seq: 1, recalled: true, body: [] });
    expect(bob.pushes.at(-1)).toEqual({
      push: 'groupRecalled',
      data: { groupId: 'chess', seq: 1, by: 'administrator' },
    });
    // Recalling again changes nothing and is no error.
    expect((await api.recall('chess', 1)).status).toBe(200);
  });

  it('answers a seq without a message with 404 GROUP_MESSAGE_NOT_FOUND, and seq 0 with 400', async () => {
    const missing = await api.recall('chess', 9);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 10030, name: 'GROUP_MESSAGE_NOT_FOUND' });
    const zero = await api.recall('chess', 0);
    expect(zero.status).toBe(400);
    expect(zero.json.error.fields?.map((f) => f.path)).toEqual(['params.seq']);
  });

  it('answers 400 GROUP_RECALL_UNSUPPORTED in an AVChatRoom', async () => {
    await api.created({ type: 'AVChatRoom', groupId: 'live', name: 'Live' });
    await api.send('live', { body: text('On air') });
    const refused = await api.recall('live', 1);
    expect(refused.status).toBe(400);
    expect(refused.json.error.name).toBe('GROUP_RECALL_UNSUPPORTED');
  });
});
