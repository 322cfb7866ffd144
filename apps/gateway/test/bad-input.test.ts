import { sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('frames the gateway cannot serve get an error reply', () => {
  it('malformed JSON: MALFORMED_JSON with id null', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    alice.sendRaw('{"id":"x","op":');
    expect(await alice.nextOrphanReply()).toEqual({
      id: null,
      ok: false,
      error: { code: 90001, name: 'MALFORMED_JSON', message: expect.any(String) },
    });
  });

  it('an unknown op: UNKNOWN_OP with the frame’s id', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('group.teleport', {});
    expect(error).toMatchObject({ code: 91002, name: 'UNKNOWN_OP' });
  });

  it('a frame that is not { id, op, data }: INVALID_REQUEST, with the id when it has a usable one', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    alice.sendRaw(JSON.stringify({ op: 'ping' }));
    const orphan = await alice.nextOrphanReply();
    expect(orphan).toMatchObject({ id: null, ok: false, error: { code: 20001 } });
    expect(orphan.ok ? [] : orphan.error.fields).toEqual([{ path: 'id', message: expect.any(String) }]);
    alice.sendRaw('[1,2,3]');
    expect(await alice.nextOrphanReply()).toMatchObject({ id: null, error: { code: 20001 } });
    const reply = await alice.requestWithId('bad-data', 'ping', 'not an object');
    expect(reply).toMatchObject({ id: 'bad-data', ok: false, error: { code: 20001 } });
  });

  it('wrong types in data: INVALID_REQUEST listing each bad field', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('send', { to: 'bob:x', random: -1, body: [] });
    expect(error.code).toBe(20001);
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['body', 'random', 'to']);
    const element = await alice.fail('send', {
      to: 'bob',
      random: 1,
      body: [{ MsgType: 'TIMLocationElem', MsgContent: { Desc: 'x', Latitude: 91, Longitude: 0 } }],
    });
    expect(element.fields).toEqual([{ path: 'body.0.MsgContent.Latitude', message: expect.any(String) }]);
    const limit = await alice.fail('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0, limit: 501 });
    expect(limit.fields?.[0]?.path).toBe('limit');
    const conversation = await alice.fail('history', { conversationId: 'alice-bob' });
    expect(conversation.fields?.[0]?.path).toBe('conversationId');
  });

  it('identifiers with an unpaired surrogate: INVALID_REQUEST at login and in every op, never stored', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const login = await socket.fail('login', { ...app.loginData('alice'), userId: '\ud800' });
    expect(login).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
    expect(login.fields?.map((f) => f.path)).toEqual(['userId']);
    const alice = await app.login('alice');
    const send = await alice.fail('send', { to: 'b\udc00', random: 1, body: text('hi') });
    expect(send.fields?.map((f) => f.path)).toEqual(['to']);
    const sync = await alice.fail('sync', {
      conversationId: 'alice:\ud800'.replace(/^/, 'c2c:'),
      afterSeq: 0,
    });
    expect(sync.fields?.map((f) => f.path)).toEqual(['conversationId']);
    const check = await alice.fail('friend.check', { userIds: ['\ud800'] });
    expect(check.fields?.map((f) => f.path)).toEqual(['userIds.0']);
    // Nothing was stored lossily under U+FFFD.
    expect(await server.stores.accounts.get(app.sdkAppId, '\ufffd')).toBeUndefined();
  });

  it('a media URL with a scheme other than https/http: INVALID_REQUEST naming the field, nothing delivered', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    for (const URL of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
      'vbscript:x',
    ]) {
      const image = {
        MsgType: 'TIMImageElem',
        MsgContent: {
          UUID: 'i',
          ImageFormat: 1,
          ImageInfoArray: [{ Type: 1, Size: 1, Width: 1, Height: 1, URL }],
        },
      };
      const error = await alice.fail('send', { to: 'bob', random: 1, body: [image] });
      expect(error, URL).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
      expect(error.fields?.map((f) => f.path)).toEqual(['body.0.MsgContent.ImageInfoArray.0.URL']);
    }
  });

  it('a frame over 64 KiB: FRAME_TOO_LARGE, and the socket stays usable', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    alice.sendRaw(JSON.stringify({ id: 'big', op: 'ping', data: { pad: 'x'.repeat(65 * 1024) } }));
    expect(await alice.nextOrphanReply()).toMatchObject({
      id: null,
      error: { code: 91005, name: 'FRAME_TOO_LARGE' },
    });
    await alice.ok('ping');
  });

  it('a frame over the hard limit (1 MiB) closes the socket with 1009', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    alice.sendRaw('x'.repeat(1024 * 1024 + 1));
    expect((await alice.waitClosed()).code).toBe(1009);
  });

  it('a binary frame: INVALID_REQUEST', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    alice.sendRaw(Buffer.from(JSON.stringify({ id: 'b', op: 'ping', data: {} })));
    expect(await alice.nextOrphanReply()).toMatchObject({
      id: null,
      error: { code: 20001, name: 'INVALID_REQUEST' },
    });
  });
});

describe('abuse', () => {
  it('closes a socket after more than abuseThreshold (20) bad frames with 4003; others are still served and nothing stored is lost', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const mallory = await app.login('mallory');
    const before = await sendText(mallory, 'alice', 'sent before the abuse');

    for (let i = 0; i < 20; i += 1) mallory.sendRaw('not json');
    for (let i = 0; i < 20; i += 1) await mallory.nextOrphanReply();
    expect(mallory.isOpen).toBe(true);
    await mallory.ok('ping');
    mallory.sendRaw('still not json');
    expect(await mallory.waitClosed()).toEqual({ code: 4003, reason: 'too many invalid frames' });

    const during = await sendText(alice, 'bob', 'life goes on');
    expect((await bob.nextPush('message')).seq).toBe(during.seq);
    const history = await alice.ok('history', {
      conversationId: before.conversationId,
    });
    expect(history.messages.map((m) => m.body)).toEqual([text('sent before the abuse')]);
  });

  it('requests the domain refuses are not strikes', async () => {
    const app = await server.newApp({ messaging: { friendshipCheck: true } });
    const alice = await app.login('alice');
    await app.login('bob');
    for (let i = 0; i < 25; i += 1) {
      expect((await alice.fail('send', { to: 'bob', random: i, body: text('no') })).code).toBe(20009);
    }
    await alice.ok('ping');
    expect(alice.isOpen).toBe(true);
  });
});
