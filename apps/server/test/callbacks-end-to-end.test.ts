import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestParley, type TestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'callback-token-123';

interface Received {
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/**
 * A callback server written to Tencent Chat's callback documentation: it checks the signature, then answers the
 * before-send callback by the message text ("block" → ErrorCode 1, "drop" → 2, "custom" → 120005,
 * "shout …" → replaces the body) and records every after-event.
 */
function startTencentStyleServer(received: Received[]): Promise<Server> {
  const server = createServer(async (request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    const query = url.searchParams;
    const expected = createHash('sha256')
      .update(`${TOKEN}${query.get('RequestTime')}`)
      .digest('hex');
    if (query.get('Sign') !== expected) {
      response.writeHead(401).end();
      return;
    }
    received.push({ query, body });
    let reply: Record<string, unknown> = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };
    if (query.get('CallbackCommand') === 'C2C.CallbackBeforeSendMsg') {
      const text = ((body.MsgBody as { MsgContent: { Text?: string } }[])[0]?.MsgContent.Text ??
        '') as string;
      if (text === 'block') reply = { ActionStatus: 'OK', ErrorInfo: 'no', ErrorCode: 1 };
      if (text === 'drop') reply = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 2 };
      if (text === 'custom') reply = { ActionStatus: 'OK', ErrorInfo: 'custom', ErrorCode: 120005 };
      if (text.startsWith('shout ')) {
        reply = {
          ...reply,
          MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text.slice(6).toUpperCase() } }],
        };
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('callbacks through the whole product: a Tencent-style callback server blocks, modifies and drops', () => {
  const received: Received[] = [];
  let receiver: Server;
  let parley: TestParley;
  let alice: TestSocket;
  let bob: TestSocket;

  beforeAll(async () => {
    receiver = await startTencentStyleServer(received);
    parley = await startTestParley({ PARLEY_CALLBACKS_ALLOW_PRIVATE: 'true' });
    const { sdkAppId, secretKey } = await parley.createApp({
      callbacks: {
        enabled: true,
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/im`,
        token: TOKEN,
        events: { 'C2C.CallbackBeforeSendMsg': true, 'C2C.CallbackAfterSendMsg': true },
      },
    });
    const sig = (userId: string) => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 600 });
    alice = await TestSocket.open(parley.wsUrl);
    bob = await TestSocket.open(parley.wsUrl);
    await alice.ok('login', { sdkAppId, userId: 'alice', userSig: sig('alice'), platform: 'web' });
    await bob.ok('login', { sdkAppId, userId: 'bob', userSig: sig('bob'), platform: 'web' });
  });
  afterAll(async () => {
    alice.close();
    bob.close();
    await parley.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const text = (t: string, random: number) => ({
    to: 'bob',
    random,
    body: [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: t } }],
  });

  it('blocks (20006), passes a custom code (120005), drops silently, and replaces the body', async () => {
    expect((await alice.fail('send', text('block', 1))).code).toBe(20006);
    expect((await alice.fail('send', text('custom', 2))).code).toBe(120005);
    const dropped = await alice.ok('send', text('drop', 3));
    expect(dropped.seq).toBe(0);
    const shouted = await alice.ok('send', text('shout hello', 4));
    expect(shouted.seq).toBe(1);

    const push = await bob.nextPush('message', (m) => m.seq === 1);
    expect(push.body).toEqual([{ MsgType: 'TIMTextElem', MsgContent: { Text: 'HELLO' } }]);
    const history = await bob.ok('history', { conversationId: 'c2c:alice:bob', limit: 10 });
    expect(history.messages.map((m) => m.body)).toEqual([
      [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'HELLO' } }],
    ]);
  });

  it('sends the after-send event of the stored message only, with Tencent field names', async () => {
    const deadline = Date.now() + 10_000;
    const afterSends = () =>
      received.filter((r) => r.query.get('CallbackCommand') === 'C2C.CallbackAfterSendMsg');
    while (afterSends().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(afterSends()).toHaveLength(1);
    const event = afterSends()[0];
    expect(event?.query.get('SdkAppid')).toBeTruthy();
    expect(event?.body).toMatchObject({ From_Account: 'alice', To_Account: 'bob', MsgSeq: 1, MsgRandom: 4 });
  });
});
