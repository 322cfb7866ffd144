import { createParleyClient, ParleyClientError } from '@parley/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFactory, nextEvent, record, SDK_APP_ID } from './client-test-tools.ts';
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

describe('connect()', () => {
  it('logs in and resolves with the login reply', async () => {
    gateway.store('bob', 'alice', 'earlier');
    const alice = clients.make('alice');
    const connected = record(alice, 'connected');
    expect(alice.state).toBe('idle');

    const login = await alice.connect();

    expect(login).toMatchObject({ userId: 'alice', sdkAppId: SDK_APP_ID });
    expect(login.conversations).toEqual([{ conversationId: 'c2c:alice:bob', lastSeq: 1 }]);
    expect(alice.state).toBe('connected');
    expect(connected).toEqual([login]);
    expect(gateway.requests[0]).toMatchObject({
      op: 'login',
      data: { sdkAppId: SDK_APP_ID, userId: 'alice', userSig: 'sig-of-alice', platform: 'linux' },
    });
  });

  it('rejects with the catalogue error and does not reconnect when the UserSig is refused', async () => {
    const alice = clients.make('alice', { userSig: 'expired' });
    const reconnecting = record(alice, 'reconnecting');

    const error = await alice.connect().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParleyClientError);
    expect(error).toMatchObject({ name: 'USERSIG_EXPIRED', code: 70001 });
    // A scheduled reconnect would have set the state to 'reconnecting' and emitted synchronously.
    expect(alice.state).toBe('closed');
    expect(reconnecting).toEqual([]);
    await expect(alice.request('ping', {})).rejects.toMatchObject({ name: 'CLIENT_CLOSED' });
  });

  it('retries a login the server refuses for a temporary reason', async () => {
    gateway.failNextLogin('alice', 'STORAGE_UNAVAILABLE');
    const alice = clients.make('alice');
    const reconnecting = record(alice, 'reconnecting');
    const errors = record(alice, 'error');

    await alice.connect();

    expect(reconnecting).toEqual([{ attempt: 1, delayMs: 5 }]);
    expect(errors.map((e) => e.name)).toEqual(['STORAGE_UNAVAILABLE']);
    expect(gateway.requests.filter((r) => r.op === 'login')).toHaveLength(2);
  });

  it('asks a userSig function for a fresh signature before every login', async () => {
    let calls = 0;
    const alice = clients.make('alice', { userSig: async () => `sig-${++calls}` });
    await alice.connect();
    const reconnected = nextEvent(alice, 'connected');
    gateway.drop('alice');
    await reconnected;

    const sigs = gateway.requests.filter((r) => r.op === 'login').map((r) => r.data.userSig);
    expect(sigs).toEqual(['sig-1', 'sig-2']);
  });

  it('retries when the userSig function fails, reporting the failure', async () => {
    let calls = 0;
    const alice = clients.make('alice', {
      userSig: () => {
        calls += 1;
        if (calls === 1) throw new Error('token service down');
        return 'sig-of-alice';
      },
    });
    const errors = record(alice, 'error');

    await alice.connect();

    expect(errors.map((e) => [e.message, (e.cause as Error).message])).toEqual([
      ['The userSig function failed.', 'token service down'],
    ]);
    expect(gateway.requests.filter((r) => r.op === 'login')).toHaveLength(1);
  });

  it('rejects invalid options at construction, listing every bad path', () => {
    let error: unknown;
    try {
      createParleyClient({
        url: 'http://example.com',
        sdkAppId: -1,
        userId: 'has:colon',
        userSig: '',
        platform: 'linux',
        requestTimeoutMs: 0,
        reconnect: { jitter: 2 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'CONFIG_INVALID' });
    const paths = (error as ParleyClientError).fields?.map((f) => f.path).sort();
    expect(paths).toEqual(['reconnect.jitter', 'requestTimeoutMs', 'sdkAppId', 'url', 'userId', 'userSig']);
  });

  it('takes group conversations in lastSeenSeqs and refuses IDs that are neither c2c nor group ones', () => {
    const options = {
      url: 'ws://127.0.0.1:1',
      sdkAppId: 1,
      userId: 'alice',
      userSig: 'x',
      platform: 'web',
    } as const;
    expect(() =>
      createParleyClient({ ...options, lastSeenSeqs: { 'group:@TGS#abc': 3, 'c2c:alice:bob': 1 } }),
    ).not.toThrow();
    let error: unknown;
    try {
      createParleyClient({ ...options, lastSeenSeqs: { 'group:': 1, 'room:1': 2 } });
    } catch (e) {
      error = e;
    }
    expect((error as ParleyClientError).fields?.map((f) => f.path)).toEqual([
      'lastSeenSeqs.group:',
      'lastSeenSeqs.room:1',
    ]);
  });
});
