import { ParleyClientError } from '@parley/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFactory, nextEvent, record, text, until } from './client-test-tools.ts';
import { type FakeGateway, startFakeGateway } from './fake-gateway.ts';

let gateway: FakeGateway;
const clients = clientFactory(() => gateway);
beforeEach(async () => {
  gateway = await startFakeGateway();
});
afterEach(async () => {
  await clients.closeAll();
  await gateway.close();
});

describe('request()', () => {
  it('correlates replies with requests', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const [a, b] = await Promise.all([
      alice.request('ping', {}),
      alice.request('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0 }),
    ]);
    expect(a).toEqual({ serverTime: expect.any(Number) });
    expect(b).toEqual({ messages: [], lastSeq: 0, complete: true });
  });

  it('rejects with REQUEST_TIMEOUT when no reply comes, and forgets the request', async () => {
    gateway.silence('ping');
    const alice = clients.make('alice', { requestTimeoutMs: 50 });
    await alice.connect();

    const error = await alice.request('ping', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParleyClientError);
    expect(error).toMatchObject({ name: 'REQUEST_TIMEOUT', code: -1 });
    expect(alice.pendingRequests).toBe(0);
  });

  it('maps an error reply to a ParleyClientError with the catalogue code, name, message and fields', async () => {
    const alice = clients.make('alice');
    await alice.connect();

    const notParticipant = await alice
      .request('sync', { conversationId: 'c2c:bob:carol', afterSeq: 0 })
      .catch((e: unknown) => e);
    expect(notParticipant).toMatchObject({
      name: 'NOT_A_PARTICIPANT',
      code: 91051,
      message: 'The user is not a participant of this conversation.',
    });

    const invalid = await alice.request('send', { to: 'bob', random: 1, body: [] }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'INVALID_REQUEST', code: 20001 });
    expect((invalid as ParleyClientError).fields).toEqual([{ path: 'body', message: expect.any(String) }]);
    expect(alice.pendingRequests).toBe(0);
  });

  it('holds requests made while disconnected until the next login', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    gateway.block('alice');
    const reconnecting = nextEvent(alice, 'reconnecting');
    gateway.drop('alice');
    await reconnecting;

    const sent = alice.send('bob', text('written offline'));
    const ping = alice.request('ping', {});
    expect(alice.pendingRequests).toBe(2);
    gateway.unblock('alice');

    await expect(ping).resolves.toEqual({ serverTime: expect.any(Number) });
    await expect(sent).resolves.toMatchObject({ conversationId: 'c2c:alice:bob', seq: 1 });
    expect(gateway.messages('c2c:alice:bob').map((m) => m.from)).toEqual(['alice']);
  });

  it('rejects a state-changing request in flight when the socket drops with CONNECTION_LOST', async () => {
    gateway.silence('send');
    const alice = clients.make('alice');
    await alice.connect();
    const received = gateway.nextRequest('send');
    const sending = alice.request('send', { to: 'bob', random: 7, body: text('unanswered') });
    await received;
    gateway.drop('alice');
    await expect(sending).rejects.toMatchObject({ name: 'CONNECTION_LOST', code: -2 });
  });

  it('sends a read-only request in flight when the socket drops again after the reconnect', async () => {
    gateway.silence('ping', 1);
    const alice = clients.make('alice');
    await alice.connect();
    const received = gateway.nextRequest('ping');
    const ping = alice.request('ping', {});
    await received;
    const reconnected = nextEvent(alice, 'connected');
    gateway.drop('alice');
    await reconnected;

    await expect(ping).resolves.toEqual({ serverTime: expect.any(Number) });
    expect(gateway.requests.filter((r) => r.op === 'ping')).toHaveLength(2);
  });

  it('refuses the login op, which connect() owns', async () => {
    const alice = clients.make('alice');
    // @ts-expect-error login is not a ClientOpName
    const login = alice.request('login', { sdkAppId: 1, userId: 'alice', userSig: 'x', platform: 'web' });
    await expect(login).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
  });

  it('refuses a frame over the gateway limit without sending it', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const body = text('x'.repeat(70_000));

    await expect(alice.request('send', { to: 'bob', random: 1, body })).rejects.toMatchObject({
      name: 'FRAME_TOO_LARGE',
      code: 91005,
    });
    expect(gateway.requests.filter((r) => r.op === 'send')).toEqual([]);
    expect(alice.pendingRequests).toBe(0);
  });

  it('after logout, ends without reconnecting and without an error', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const reconnecting = record(alice, 'reconnecting');
    const errors = record(alice, 'error');
    const disconnected = nextEvent(alice, 'disconnected');

    await alice.request('logout', {});

    expect(await disconnected).toEqual({ code: 4007, reason: 'logged out' });
    expect(alice.state).toBe('closed');
    expect(reconnecting).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports frames it cannot use as errors and keeps working', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const errors = record(alice, 'error');

    gateway.sendRaw('alice', 'not json');
    gateway.sendRaw(
      'alice',
      JSON.stringify({
        id: null,
        ok: false,
        error: { code: 90001, name: 'MALFORMED_JSON', message: 'The request is not valid JSON.' },
      }),
    );
    await until(alice, ['error'], () => errors.length === 2);

    expect(errors.map((e) => e.name)).toEqual(['Error', 'MALFORMED_JSON']);
    await expect(alice.request('ping', {})).resolves.toEqual({ serverTime: expect.any(Number) });
  });
});
