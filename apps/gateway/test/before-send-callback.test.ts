import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tencentBodyWithExtras } from '@parley/testing';
import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';
import type { TestApp } from './support/test-app.ts';

/** The app server's answer to C2C.CallbackBeforeSendMsg, chosen by the message's text. */
const answers: Record<string, { status: number; body: unknown }> = {
  reject: { status: 200, body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 1 } },
  'own code': { status: 200, body: { ActionStatus: 'FAIL', ErrorInfo: 'not today', ErrorCode: 120005 } },
  drop: { status: 200, body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 2 } },
  rewrite: {
    status: 200,
    body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, MsgBody: text('rewritten') },
  },
  broken: { status: 500, body: {} },
  'group code': { status: 200, body: { ActionStatus: 'FAIL', ErrorInfo: 'not in here', ErrorCode: 10150 } },
  'rewrite with extras': {
    status: 200,
    body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, MsgBody: tencentBodyWithExtras() },
  },
};
/** Every callback request body, as the app server received it. */
const received: string[] = [];

/** A `hold` message's callback waits here until the test answers it. */
let held: { arrived: Promise<void>; arrive: () => void; answer: (() => void) | undefined } = newHold();
function newHold() {
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  return { arrived, arrive, answer: undefined as (() => void) | undefined };
}

let server: GatewayFixture;
let appServer: Server;
let callbackUrl: string;

beforeAll(async () => {
  appServer = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(raw);
      const body = JSON.parse(raw) as { MsgBody?: { MsgContent?: { Text?: string } }[] };
      if (body.MsgBody?.[0]?.MsgContent?.Text === 'hold') {
        held.answer = () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 }));
        };
        held.arrive();
        return;
      }
      const answer = answers[body.MsgBody?.[0]?.MsgContent?.Text ?? ''] ?? {
        status: 200,
        body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 },
      };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/im`;
  server = await startGateway({ callbacks: true });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => appServer.close(resolve));
});

async function appWithCallback(beforeSendFailurePolicy: 'deliver' | 'block'): Promise<TestApp> {
  return server.newApp({
    callbacks: {
      enabled: true,
      url: callbackUrl,
      timeoutMs: 2000,
      beforeSendFailurePolicy,
      events: { 'C2C.CallbackBeforeSendMsg': true },
    },
  });
}

describe('the app’s before-send callback decides on each message', () => {
  it('ErrorCode 1 rejects it: BLOCKED_BY_CALLBACK, nothing stored', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    await app.login('bob');
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('reject') });
    expect(error).toMatchObject({ code: 20006, name: 'BLOCKED_BY_CALLBACK' });
    const history = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages).toEqual([]);
  });

  it('a code in 120001-130000 reaches the sender as is', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    await app.login('bob');
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('own code') });
    expect(error).toMatchObject({ code: 120005, name: 'BLOCKED_BY_CALLBACK' });
  });

  it('ErrorCode 2 drops it silently: success with seq 0, nothing delivered', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const reply = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('drop'),
    });
    expect(reply.seq).toBe(0);
    await bob.barrier();
    expect(bob.pushesNamed('message')).toEqual([]);
  });

  it('ErrorCode 0 with a MsgBody replaces the body', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    await alice.ok('send', { to: 'bob', random: nextRandom(), body: text('rewrite') });
    expect((await bob.nextPush('message')).body).toEqual(text('rewritten'));
  });

  it('sees every field the sender sent, and a MsgBody it returns is delivered byte for byte', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const body = [
      { MsgContent: { Later: { z: 1, a: [] }, Text: 'rewrite with extras' }, MsgType: 'TIMTextElem' },
    ];
    await alice.ok('send', { to: 'bob', random: nextRandom(), body });
    expect(received.some((raw) => raw.includes(`"MsgBody":${JSON.stringify(body)}`))).toBe(true);
    expect(JSON.stringify((await bob.nextPush('message')).body)).toBe(
      JSON.stringify(tencentBodyWithExtras()),
    );
  });

  it('a failing callback blocks the message with CALLBACK_FAILED when the app says block', async () => {
    const app = await appWithCallback('block');
    const alice = await app.login('alice');
    await app.login('bob');
    const error = await alice.fail('send', { to: 'bob', random: nextRandom(), body: text('broken') });
    expect(error).toMatchObject({ code: 80003, name: 'CALLBACK_FAILED' });
  });

  it('a failing callback lets the message through when the app says deliver', async () => {
    const app = await appWithCallback('deliver');
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const reply = await alice.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('broken'),
    });
    expect(reply.seq).toBe(1);
    expect((await bob.nextPush('message')).body).toEqual(text('broken'));
  });
});

describe('dedup while a send is in flight', () => {
  it('a second send with the same random while the first waits on the callback: DUPLICATE_IN_FLIGHT, then the first reply', async () => {
    held = newHold();
    const app = await server.newApp({
      multiLogin: { policy: 'multi-platform' },
      callbacks: {
        enabled: true,
        url: callbackUrl,
        timeoutMs: 5000,
        events: { 'C2C.CallbackBeforeSendMsg': true },
      },
    });
    const phone = await app.login('alice', { platform: 'ios' });
    const laptop = await app.login('alice', { platform: 'mac' });
    const bob = await app.login('bob');
    const frame = { to: 'bob', random: nextRandom(), body: text('hold') };
    const first = phone.ok('send', frame);
    await held.arrived;
    const error = await laptop.fail('send', frame);
    expect(error).toMatchObject({ code: 91070, name: 'DUPLICATE_IN_FLIGHT' });
    held.answer?.();
    const stored = await first;
    expect(stored.seq).toBe(1);
    expect(await laptop.ok('send', frame)).toEqual(stored);
    await bob.barrier();
    expect(bob.pushesNamed('message')).toHaveLength(1);
  });
});

describe('the app’s Group.CallbackBeforeSendMsg decides on each group message', () => {
  async function groupWithCallback() {
    const app = await server.newApp({
      callbacks: {
        enabled: true,
        url: callbackUrl,
        timeoutMs: 2000,
        events: { 'Group.CallbackBeforeSendMsg': true },
      },
    });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const { group } = await alice.ok('group.create', { type: 'Work', name: 'w', members: ['bob'] });
    return { alice, bob, groupId: group.groupId };
  }

  it('ErrorCode 1 rejects it with GROUP_CALLBACK_REJECTED (10016); a code in 10100-10200 reaches the sender', async () => {
    const { alice, bob, groupId } = await groupWithCallback();
    const rejected = await alice.fail('group.send', { groupId, random: nextRandom(), body: text('reject') });
    expect(rejected).toMatchObject({ code: 10016, name: 'GROUP_CALLBACK_REJECTED' });
    const own = await alice.fail('group.send', { groupId, random: nextRandom(), body: text('group code') });
    expect(own).toMatchObject({ code: 10150, name: 'GROUP_CALLBACK_REJECTED' });
    const synced = await bob.ok('group.sync', { groupId, afterSeq: 0 });
    expect(synced.messages.filter((m) => m.from === 'alice' && m.body[0]?.MsgType === 'TIMTextElem')).toEqual(
      [],
    );
  });

  it('ErrorCode 2 drops it silently; a MsgBody in the answer replaces the body', async () => {
    const { alice, bob, groupId } = await groupWithCallback();
    const dropped = await alice.ok('group.send', { groupId, random: nextRandom(), body: text('drop') });
    expect(dropped.seq).toBe(0);
    const sent = await alice.ok('group.send', { groupId, random: nextRandom(), body: text('rewrite') });
    const pushed = await bob.nextPush('message', (m) => m.seq === sent.seq);
    expect(pushed.body).toEqual(text('rewritten'));
  });
});
