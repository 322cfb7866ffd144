import type { Platform } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';
import type { Session, TestApp } from './support/test-app.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

/** The evicted session first gets the `kicked` push, then close 4002. */
async function expectKicked(session: Session, byPlatform: Platform): Promise<void> {
  expect(await session.nextPush('kicked')).toEqual({ reason: 'multi-login', byPlatform });
  expect(await session.waitClosed()).toEqual({ code: 4002, reason: 'kicked by a newer login' });
}

/** Still connected, still served, never kicked. */
async function expectStays(...sessions: Session[]): Promise<void> {
  for (const session of sessions) {
    await session.barrier();
    expect(session.pushesNamed('kicked')).toEqual([]);
    expect(session.isOpen).toBe(true);
  }
}

async function appWith(multiLogin: Record<string, unknown>): Promise<TestApp> {
  return server.newApp({ multiLogin });
}

describe('single-platform (the default)', () => {
  it('a login on another platform kicks the current one, web included', async () => {
    const app = await server.newApp();
    const web = await app.login('alice', { platform: 'web' });
    const android = await app.login('alice', { platform: 'android' });
    await expectKicked(web, 'android');
    const mac = await app.login('alice', { platform: 'mac' });
    await expectKicked(android, 'mac');
    await expectStays(mac);
  });

  it('a second login on the same platform kicks the first (one instance by default)', async () => {
    const app = await server.newApp();
    const first = await app.login('alice', { platform: 'ios' });
    const second = await app.login('alice', { platform: 'ios' });
    await expectKicked(first, 'ios');
    await expectStays(second);
  });

  it('other users are not affected', async () => {
    const app = await server.newApp();
    const bob = await app.login('bob', { platform: 'web' });
    const alice = await app.login('alice', { platform: 'web' });
    await app.login('alice', { platform: 'android' });
    await expectKicked(alice, 'android');
    await expectStays(bob);
  });
});

describe('dual-platform', () => {
  it('one native platform plus web: a second native platform kicks the first, web stays', async () => {
    const app = await appWith({ policy: 'dual-platform' });
    const web = await app.login('alice', { platform: 'web' });
    const android = await app.login('alice', { platform: 'android' });
    await expectStays(web, android);
    const windows = await app.login('alice', { platform: 'windows' });
    await expectKicked(android, 'windows');
    await expectStays(web, windows);
  });
});

describe('triple-platform', () => {
  it('one mobile, one desktop and web together; a new mobile kicks only the mobile', async () => {
    const app = await appWith({ policy: 'triple-platform' });
    const web = await app.login('alice', { platform: 'web' });
    const android = await app.login('alice', { platform: 'android' });
    const windows = await app.login('alice', { platform: 'windows' });
    await expectStays(web, android, windows);
    const ipad = await app.login('alice', { platform: 'ipad' });
    await expectKicked(android, 'ipad');
    await expectStays(web, windows, ipad);
  });

  it('a new desktop kicks only the desktop', async () => {
    const app = await appWith({ policy: 'triple-platform' });
    const ios = await app.login('alice', { platform: 'ios' });
    const mac = await app.login('alice', { platform: 'mac' });
    const linux = await app.login('alice', { platform: 'linux' });
    await expectKicked(mac, 'linux');
    await expectStays(ios, linux);
  });
});

describe('multi-platform', () => {
  it('every platform online at once; a second device on one platform kicks the first', async () => {
    const app = await appWith({ policy: 'multi-platform' });
    const platforms: Platform[] = ['ios', 'android', 'ipad', 'windows', 'mac', 'linux', 'web'];
    const sessions: Session[] = [];
    for (const platform of platforms) sessions.push(await app.login('alice', { platform }));
    await expectStays(...sessions);
    const [, firstAndroid, ...rest] = sessions;
    if (!firstAndroid) throw new Error('no android session');
    const secondAndroid = await app.login('alice', { platform: 'android' });
    await expectKicked(firstAndroid, 'android');
    await expectStays(secondAndroid, ...rest);
  });

  it('nativeInstancesPerPlatform: that many devices per platform; one more kicks the oldest', async () => {
    const app = await appWith({ policy: 'multi-platform', nativeInstancesPerPlatform: 2 });
    const first = await app.login('alice', { platform: 'android' });
    const second = await app.login('alice', { platform: 'android' });
    const ios = await app.login('alice', { platform: 'ios' });
    await expectStays(first, second, ios);
    const third = await app.login('alice', { platform: 'android' });
    await expectKicked(first, 'android');
    await expectStays(second, third, ios);
  });
});

describe('webInstances', () => {
  it('that many web instances together; one more kicks the oldest', async () => {
    const app = await appWith({ webInstances: 3 });
    const tabs = [
      await app.login('alice', { platform: 'web' }),
      await app.login('alice', { platform: 'web' }),
      await app.login('alice', { platform: 'web' }),
    ];
    await expectStays(...tabs);
    const fourth = await app.login('alice', { platform: 'web' });
    const [oldest, ...others] = tabs;
    if (!oldest) throw new Error('no tab');
    await expectKicked(oldest, 'web');
    await expectStays(fourth, ...others);
  });
});

describe('connection quota (plan.maxConcurrentConnections)', () => {
  it('refuses the login past the quota with CONNECTION_QUOTA_EXCEEDED and close 4005', async () => {
    const app = await server.newApp({ plan: { maxConcurrentConnections: 2 } });
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const socket = await app.open();
    const error = await socket.fail('login', app.loginData('carol'));
    expect(error).toMatchObject({ code: 91031, name: 'CONNECTION_QUOTA_EXCEEDED' });
    expect(await socket.waitClosed()).toEqual({ code: 4005, reason: 'connection quota reached' });
    await expectStays(alice, bob);
  });

  it('a login that replaces one of the user’s own sessions fits within the quota', async () => {
    const app = await server.newApp({ plan: { maxConcurrentConnections: 2 } });
    await app.login('alice');
    const oldBob = await app.login('bob');
    const newBob = await app.login('bob');
    await expectKicked(oldBob, 'web');
    await expectStays(newBob);
  });

  it('a closed session frees its place', async () => {
    const app = await server.newApp({ plan: { maxConcurrentConnections: 1 } });
    const alice = await app.login('alice');
    alice.close();
    await alice.waitClosed();
    // The server unregisters on its own close event; retry until it has (bounded by the test timeout).
    for (;;) {
      const socket = await app.open();
      const reply = await socket.request('login', app.loginData('bob'));
      if (reply.ok) break;
      expect(reply.error.name).toBe('CONNECTION_QUOTA_EXCEEDED');
    }
  });
});
