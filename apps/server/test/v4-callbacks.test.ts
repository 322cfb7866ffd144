import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestParley, type TestParley } from '@parley/testing';
import { text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatApp, type LoggedIn } from './support/chat-app.ts';
import { type TencentRest, tencentRest } from './support/tencent-rest.ts';

/**
 * /v4 sends and the app's before-send callback: sendmsg runs it (OptPlatform RESTAPI) unless
 * ForbidBeforeSendMsgCallback; batchsendmsg never does. The callback server blocks every message that reads "block".
 */
interface Received {
  command: string | null;
  platform: string | null;
  text: string | undefined;
}

const received: Received[] = [];
let receiver: Server;
let parley: TestParley;
let rest: TencentRest;
let bob: LoggedIn;

beforeAll(async () => {
  receiver = createServer(async (request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const body = JSON.parse(raw) as { MsgBody?: { MsgContent: { Text?: string } }[] };
    const said = body.MsgBody?.[0]?.MsgContent.Text;
    received.push({ command: query.get('CallbackCommand'), platform: query.get('OptPlatform'), text: said });
    const blocked = query.get('CallbackCommand') === 'C2C.CallbackBeforeSendMsg' && said === 'block';
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: blocked ? 1 : 0 }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  parley = await startTestParley({ PARLEY_CALLBACKS_ALLOW_PRIVATE: 'true' });
  const { sdkAppId, secretKey } = await parley.createApp({
    callbacks: {
      enabled: true,
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/im`,
      events: { 'C2C.CallbackBeforeSendMsg': true },
    },
  });
  rest = tencentRest(parley.adminUrl, sdkAppId, secretKey);
  await rest.call('im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] });
  bob = await chatApp(sdkAppId, secretKey).login(parley.wsUrl, 'bob');
});
afterAll(async () => {
  bob.socket.close();
  await parley.close();
  await new Promise((resolve) => receiver.close(resolve));
});

let random = 1;
const message = (said: string, fields: Record<string, unknown> = {}) => ({
  From_Account: 'alice',
  To_Account: 'bob',
  MsgRandom: random++,
  MsgBody: text(said),
  ...fields,
});
const beforeSends = () => received.filter((r) => r.command === 'C2C.CallbackBeforeSendMsg');

describe('the before-send callback on /v4 sends', () => {
  it('runs for sendmsg with OptPlatform RESTAPI, and its refusal fails the send (20006), delivering nothing', async () => {
    expect((await rest.call('openim/sendmsg', message('hello'))).body.ErrorCode).toBe(0);
    expect(beforeSends().at(-1)).toEqual({
      command: 'C2C.CallbackBeforeSendMsg',
      platform: 'RESTAPI',
      text: 'hello',
    });
    const blocked = await rest.call('openim/sendmsg', message('block'));
    expect(blocked).toEqual({
      status: 200,
      body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: 20006 }),
    });
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message').map((m) => m.body)).toEqual([text('hello')]);
  });

  it('is skipped by ForbidBeforeSendMsgCallback', async () => {
    const before = beforeSends().length;
    const reply = await rest.call(
      'openim/sendmsg',
      message('block', { ForbidCallbackControl: ['ForbidBeforeSendMsgCallback'] }),
    );
    expect(reply.body.ErrorCode).toBe(0);
    expect(beforeSends()).toHaveLength(before);
    expect(await bob.socket.nextPush('message', (m) => m.random === random - 1)).toMatchObject({
      body: text('block'),
    });
  });

  it('never runs for batchsendmsg', async () => {
    const before = beforeSends().length;
    const reply = await rest.call('openim/batchsendmsg', message('block', { To_Account: ['bob'] }));
    expect(reply.body).toMatchObject({ ActionStatus: 'OK', ErrorList: [] });
    expect(beforeSends()).toHaveLength(before);
    expect(await bob.socket.nextPush('message', (m) => m.random === random - 1)).toMatchObject({
      body: text('block'),
    });
  });
});
