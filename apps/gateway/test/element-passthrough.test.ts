import { MAX_BODY_DEPTH } from '@parley/protocol';
import { tencentBodyWithExtras } from '@parley/testing';
import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('message bodies keep every field of Tencent’s element shapes (embedded default)', () => {
  it('a body with Tencent’s full fields and unknown ones reaches push, sync and history byte for byte', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'multi-platform' } });
    const alice = await app.login('alice', { platform: 'web' });
    const aliceAndroid = await app.login('alice', { platform: 'android' });
    const bob = await app.login('bob');
    const body = tencentBodyWithExtras();
    const sent = JSON.stringify(body);

    const reply = await alice.ok('send', { to: 'bob', random: nextRandom(), body });

    expect(JSON.stringify((await bob.nextPush('message')).body)).toBe(sent);
    expect(JSON.stringify((await aliceAndroid.nextPush('message')).body)).toBe(sent);
    const sync = await bob.ok('sync', {
      conversationId: reply.conversationId,
      afterSeq: 0,
    });
    expect(sync.messages.map((message) => JSON.stringify(message.body))).toEqual([sent]);
    const history = await alice.ok('history', { conversationId: reply.conversationId });
    expect(history.messages.map((message) => JSON.stringify(message.body))).toEqual([sent]);
  });

  it('still validates the fields Parley knows, with the path of each bad one', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const [, , , , sound] = tencentBodyWithExtras();
    const error = await alice.fail('send', {
      to: 'bob',
      random: nextRandom(),
      body: [{ ...sound, MsgContent: { ...sound?.MsgContent, Second: 'three', Extra: 1 } }],
    });
    expect(error).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
    expect(error.fields).toEqual([{ path: 'body.0.MsgContent.Second', message: expect.any(String) }]);
  });

  it('refuses keys a store cannot keep and nesting past MAX_BODY_DEPTH, as INVALID_REQUEST', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const [textElem] = text('x');
    let deep: unknown = 1;
    for (let level = 0; level < 20; level += 1) deep = [deep];
    const error = await alice.fail('send', {
      to: 'bob',
      random: nextRandom(),
      body: [
        { ...textElem, MsgContent: { Text: 'x', $where: 1, 'a.b': 2 } },
        { ...textElem, MsgContent: { Text: 'x', Deep: deep } },
      ],
    });
    expect(error).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
    expect(error.fields?.map((field) => field.path)).toEqual([
      'body.0.MsgContent.$where',
      'body.0.MsgContent.a.b',
      // The body array is level 1, so Deep (level 4) may hold MAX_BODY_DEPTH - 4 arrays inside it.
      `body.1.MsgContent.Deep${'.0'.repeat(MAX_BODY_DEPTH - 3)}`,
    ]);
  });

  it('counts unknown fields against the 12 KB limit', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const [textElem] = text('small');
    const error = await alice.fail('send', {
      to: 'bob',
      random: nextRandom(),
      body: [{ ...textElem, MsgContent: { Text: 'small', Padding: 'p'.repeat(12 * 1024) } }],
    });
    expect(error).toMatchObject({ code: 80002, name: 'MESSAGE_TOO_LARGE' });
  });
});
