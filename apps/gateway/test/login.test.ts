import { sendText } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('login', () => {
  it('answers with the user, the app, a new instance id, the server time and the known conversations', async () => {
    const app = await server.newApp();
    const before = Date.now();
    const alice = await app.login('alice');
    expect(alice.login).toEqual({
      userId: 'alice',
      sdkAppId: app.sdkAppId,
      instanceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      serverTime: expect.any(Number),
      conversations: [],
    });
    expect(alice.login.serverTime).toBeGreaterThanOrEqual(before);

    await app.login('bob');
    const sent = await sendText(alice, 'bob', 'hello');
    const again = await app.login('bob', { platform: 'android' });
    expect(again.login.instanceId).not.toBe(alice.login.instanceId);
    expect(again.login.conversations).toEqual([{ conversationId: sent.conversationId, lastSeq: sent.seq }]);
  });

  it('refuses any other op before login with NOT_LOGGED_IN, and still accepts a login afterwards', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('send', { to: 'bob', random: 1, body: [] });
    expect(error).toMatchObject({ code: 91003, name: 'NOT_LOGGED_IN' });
    expect(await socket.fail('ping')).toMatchObject({ code: 91003 });
    await socket.ok('login', app.loginData('alice'));
  });

  it('creates an unknown account at its first login, as Tencent does', async () => {
    const app = await server.newApp();
    expect(await server.stores.accounts.get(app.sdkAppId, 'newcomer')).toBeUndefined();
    await app.login('newcomer');
    expect(await server.stores.accounts.get(app.sdkAppId, 'newcomer')).toMatchObject({ userId: 'newcomer' });
  });

  it('refuses a second login on the same socket with ALREADY_LOGGED_IN and keeps the first', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const error = await alice.fail('login', app.loginData('mallory'));
    expect(error).toMatchObject({ code: 91004, name: 'ALREADY_LOGGED_IN' });
    expect(await alice.ok('ping')).toEqual({ serverTime: expect.any(Number) });
  });

  it('refuses a login frame with wrong types with INVALID_REQUEST listing the fields', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('login', {
      sdkAppId: 'x',
      userId: 'a:b',
      userSig: '',
      platform: 'symbian',
    });
    expect(error.code).toBe(20001);
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['platform', 'sdkAppId', 'userId', 'userSig']);
  });
});

describe('login rejections close the socket', () => {
  it('a UserSig signed with another key: USERSIG_SIGNATURE_MISMATCH, then close 4001', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const forged = genUserSig({
      sdkAppId: app.sdkAppId,
      secretKey: 'not-the-key',
      userId: 'alice',
      expireSeconds: 600,
    });
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: forged });
    expect(error).toMatchObject({ code: 70009, name: 'USERSIG_SIGNATURE_MISMATCH' });
    expect(await socket.waitClosed()).toEqual({ code: 4001, reason: 'login failed' });
  });

  it('an expired UserSig: USERSIG_EXPIRED', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const now = Math.floor(Date.now() / 1000);
    const expired = genUserSig({
      sdkAppId: app.sdkAppId,
      secretKey: app.secretKey,
      userId: 'alice',
      expireSeconds: 60,
      now: now - 3600,
    });
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: expired });
    expect(error).toMatchObject({ code: 70001, name: 'USERSIG_EXPIRED' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('a UserSig of another app: USERSIG_APP_MISMATCH', async () => {
    const app = await server.newApp();
    const other = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: other.sig('alice') });
    expect(error).toMatchObject({ code: 70014, name: 'USERSIG_APP_MISMATCH' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('an SDKAppID no app has: APP_NOT_FOUND', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('login', { ...app.loginData('alice'), sdkAppId: 1 });
    expect(error).toMatchObject({ code: 70020, name: 'APP_NOT_FOUND' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('a UserSig of another user: USERSIG_IDENTIFIER_MISMATCH', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: app.sig('bob') });
    expect(error).toMatchObject({ code: 70013, name: 'USERSIG_IDENTIFIER_MISMATCH' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('a UserSig that is not one: USERSIG_INVALID', async () => {
    const app = await server.newApp();
    const socket = await app.open();
    const error = await socket.fail('login', { ...app.loginData('alice'), userSig: 'garbage!' });
    expect(error).toMatchObject({ code: 70003, name: 'USERSIG_INVALID' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('a disabled app: APP_DISABLED, then close 4004', async () => {
    const app = await server.newApp();
    await app.setStatus('disabled');
    const socket = await app.open();
    const error = await socket.fail('login', app.loginData('alice'));
    expect(error).toMatchObject({ code: 91010, name: 'APP_DISABLED' });
    expect(await socket.waitClosed()).toEqual({ code: 4004, reason: 'app disabled or terminated' });
  });

  it('a terminated app: APP_TERMINATED, then close 4004', async () => {
    const app = await server.newApp();
    await app.terminate();
    const socket = await app.open();
    const error = await socket.fail('login', app.loginData('alice'));
    expect(error).toMatchObject({ code: 91011, name: 'APP_TERMINATED' });
    expect((await socket.waitClosed()).code).toBe(4004);
  });
});

describe('login timeout', () => {
  let quick: GatewayFixture;
  beforeAll(async () => {
    quick = await startGateway({ gatewayOptions: { loginTimeoutMs: 300 } });
  });
  afterAll(() => quick.close());

  it('closes a socket that sends no login within the timeout with 4000', async () => {
    const app = await quick.newApp();
    const socket = await app.open();
    expect(await socket.waitClosed()).toEqual({ code: 4000, reason: 'no login within the login timeout' });
  });

  it('keeps a socket that logged in before the timeout', async () => {
    const app = await quick.newApp();
    const alice = await app.login('alice');
    // Wait past the timeout with a second socket that does not log in, then check the first still answers.
    const idle = await app.open();
    await idle.waitClosed();
    expect(alice.isOpen).toBe(true);
    await alice.ok('ping');
  });
});

describe('logout', () => {
  it('answers, then closes the socket with 4007', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    expect(await alice.ok('logout')).toEqual({});
    expect(await alice.waitClosed()).toEqual({ code: 4007, reason: 'logged out' });
  });
});
