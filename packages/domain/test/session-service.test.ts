import type { Platform } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEnvelope, Cluster, SessionRecord, SessionService } from '../src/index.ts';
import { createDomainFixture, type DomainFixture, NODE, text } from './support/domain-fixture.ts';
import { LocalSessionRecorder, START, settle } from './support/doubles.ts';

const IP = '198.51.100.4';

let f: DomainFixture;
let cluster: Cluster;
let sessions: SessionService;
let app: { sdkAppId: number; secretKey: string };
let stateChanges: [string, string, string][];

beforeEach(async () => {
  f = createDomainFixture();
  cluster = f.cluster();
  stateChanges = [];
  sessions = f.sessions(cluster, {
    onStateChange: (session, action, clientIp) => stateChanges.push([session.userId, action, clientIp]),
  });
  app = await f.newApp({}, []);
});
afterEach(() => f.close());

function login(
  userId: string,
  platform: Platform = 'ios',
  options: { sig?: string; open?: boolean; app?: typeof app } = {},
) {
  const target = options.app ?? app;
  const userSig = options.sig ?? f.userSig(target, userId);
  return sessions.login(
    { sdkAppId: target.sdkAppId, userId, userSig, platform, clientIp: IP },
    () => options.open ?? true,
  );
}

/** Logs in and connects the session's socket to this node, as the gateway does. */
async function online(
  userId: string,
  platform: Platform = 'ios',
  target = app,
): Promise<LocalSessionRecorder> {
  const result = await login(userId, platform, { app: target });
  if (!result) throw new Error('login failed');
  const socket = new LocalSessionRecorder(result.session);
  cluster.local.add(socket);
  return socket;
}

const registered = (userId: string) => f.registry.list(app.sdkAppId, userId);

describe('SessionService.login', () => {
  it('imports the account at its first login, registers the session and replies with the conversations', async () => {
    await f.appendMessage(app.sdkAppId, 'bob', 'alice', START, 1);
    await f.appendMessage(app.sdkAppId, 'alice', 'bob', START, 2);
    await f.appendMessage(app.sdkAppId, 'carol', 'alice', START + 1, 3);
    expect(await f.stores.accounts.get(app.sdkAppId, 'alice')).toBeUndefined();
    f.clock.advance(1_000);

    const result = await login('alice');
    const session: SessionRecord = {
      sdkAppId: app.sdkAppId,
      userId: 'alice',
      instanceId: result?.session.instanceId ?? '',
      platform: 'ios',
      nodeId: NODE,
      connectedAt: START + 1_000,
    };
    expect(result).toEqual({
      session,
      reply: {
        userId: 'alice',
        sdkAppId: app.sdkAppId,
        instanceId: session.instanceId,
        serverTime: START + 1_000,
        conversations: [
          { conversationId: 'c2c:alice:carol', lastSeq: 1 },
          { conversationId: 'c2c:alice:bob', lastSeq: 2 },
        ],
      },
      groupIds: [],
    });
    expect(session.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await registered('alice')).toEqual([session]);
    expect(await f.stores.accounts.get(app.sdkAppId, 'alice')).toMatchObject({
      userId: 'alice',
      createdAt: START + 1_000,
    });
    expect(stateChanges).toEqual([['alice', 'Login', IP]]);
  });

  it('lists the user’s groups in the reply, and the groups whose pushes the session gets (not Discard ones)', async () => {
    await f.importUsers(app.sdkAppId, 'alice', 'bob');
    const groups = f.groupServices({ delivery: cluster });
    const alice = await f.actor(app.sdkAppId, 'alice');
    const loud = (await groups.groups.create(alice, { type: 'Work', name: 'loud', groupId: 'loud' })).group;
    await groups.groups.create(alice, { type: 'Work', name: 'quiet', groupId: 'quiet' });
    await groups.members.setMember(alice, { groupId: 'quiet', userId: 'alice', msgFlag: 'Discard' });
    await groups.groups.create(alice, { type: 'AVChatRoom', name: 'live', groupId: 'live' });
    await groups.messages.send(alice, { groupId: loud.groupId, random: 1, body: text('hello') });
    const result = await login('alice');
    expect(result?.reply.conversations).toEqual(
      expect.arrayContaining([
        { conversationId: 'group:loud', lastSeq: 1 },
        { conversationId: 'group:quiet', lastSeq: 0 },
      ]),
    );
    expect(result?.reply.conversations).toHaveLength(2);
    expect(result?.groupIds).toEqual(['loud']);
  });

  it('refuses a bad UserSig and leaves nothing behind', async () => {
    const other = await f.newApp({}, []);
    await expect(login('alice', 'ios', { sig: f.userSig(app, 'bob') })).rejects.toMatchObject({
      errorName: 'USERSIG_IDENTIFIER_MISMATCH',
    });
    await expect(
      login('alice', 'ios', { sig: f.userSig({ ...app, secretKey: other.secretKey }, 'alice') }),
    ).rejects.toMatchObject({ errorName: 'USERSIG_SIGNATURE_MISMATCH' });
    await expect(login('alice', 'ios', { sig: 'not-a-sig' })).rejects.toMatchObject({
      errorName: 'USERSIG_INVALID',
    });
    expect(await f.registry.countApp(app.sdkAppId)).toBe(0);
    expect(await f.stores.accounts.get(app.sdkAppId, 'alice')).toBeUndefined();
    expect(stateChanges).toEqual([]);
  });

  it('refuses a disabled, then a terminated app, before importing the account', async () => {
    await f.appConfig.setStatus(app.sdkAppId, 'disabled');
    await expect(login('alice')).rejects.toMatchObject({ errorName: 'APP_DISABLED' });
    await f.appConfig.terminate(app.sdkAppId);
    await expect(login('alice')).rejects.toMatchObject({ errorName: 'APP_TERMINATED' });
    expect(await f.stores.accounts.get(app.sdkAppId, 'alice')).toBeUndefined();
    expect(await f.registry.countApp(app.sdkAppId)).toBe(0);
  });

  it('evicts by the multi-login policy and kicks the old session with the new platform', async () => {
    const phone = await online('alice', 'ios');
    f.clock.advance(1_000);
    const web = await online('alice', 'web');
    expect(phone.kicks).toEqual([{ reason: 'multi-login', byPlatform: 'web' }]);
    expect(web.kicks).toEqual([]);
    expect(await registered('alice')).toEqual([web.record]);
    expect(await f.stores.accounts.get(app.sdkAppId, 'alice')).toMatchObject({ createdAt: START });
    expect(stateChanges.map(([, action]) => action)).toEqual(['Login', 'Login']);
  });

  it('kicks an evicted session on another node through the bus', async () => {
    const received: BusEnvelope[] = [];
    await f.bus.subscribe('node-b', (envelope) => received.push(envelope));
    const remote = {
      sdkAppId: app.sdkAppId,
      userId: 'alice',
      instanceId: 'remote-1',
      platform: 'android',
      nodeId: 'node-b',
      connectedAt: START,
    } as const;
    await f.registry.register(remote, () => [], 100);
    await login('alice', 'mac');
    await settle();
    expect(received).toEqual([
      {
        kind: 'kick',
        sdkAppId: app.sdkAppId,
        userId: 'alice',
        instanceId: 'remote-1',
        reason: 'multi-login',
        byPlatform: 'mac',
      },
    ]);
  });

  it('keeps the other platforms online under multi-platform login', async () => {
    await f.configure(app.sdkAppId, { multiLogin: { policy: 'multi-platform' } });
    const phone = await online('alice', 'ios');
    await online('alice', 'web');
    expect(phone.kicks).toEqual([]);
    expect((await registered('alice')).map((s) => s.platform).sort()).toEqual(['ios', 'web']);
  });

  it('refuses a login beyond the app’s connection quota, but a login that evicts fits', async () => {
    await f.configure(app.sdkAppId, { plan: { maxConcurrentConnections: 1 } });
    await online('alice', 'ios');
    await expect(login('bob')).rejects.toMatchObject({ errorName: 'CONNECTION_QUOTA_EXCEEDED' });
    expect(await registered('bob')).toEqual([]);
    await online('alice', 'android');
    expect(await f.registry.countApp(app.sdkAppId)).toBe(1);
    expect(stateChanges.map(([userId]) => userId)).toEqual(['alice', 'alice']);
  });

  it('a connection that closed during login leaves no session registered and reports no login', async () => {
    expect(await login('alice', 'ios', { open: false })).toBeUndefined();
    expect(await registered('alice')).toEqual([]);
    expect(stateChanges).toEqual([]);
  });

  it('a login whose connection closed still ends the sessions it evicted from the registry', async () => {
    const phone = await online('alice', 'ios');
    expect(await login('alice', 'web', { open: false })).toBeUndefined();
    expect(await registered('alice')).toEqual([]);
    expect(phone.kicks).toEqual([{ reason: 'multi-login', byPlatform: 'web' }]);
  });
});

describe('SessionService.actor', () => {
  it('is a fresh frozen actor per op, with the app’s revision at that moment', async () => {
    const socket = await online('alice', 'web');
    const first = await sessions.actor(socket.record, IP);
    expect(first).toEqual({
      app: expect.objectContaining({ sdkAppId: app.sdkAppId, revision: 1 }),
      userId: 'alice',
      instanceId: socket.record.instanceId,
      platform: 'web',
      clientIp: IP,
    });
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => Object.assign(first, { userId: 'mallory' })).toThrow(TypeError);

    await f.configure(app.sdkAppId, { messaging: { recallLimitSeconds: 30 } });
    const second = await sessions.actor(socket.record, IP);
    expect(second).not.toBe(first);
    expect([second.app.revision, second.app.config.messaging.recallLimitSeconds]).toEqual([2, 30]);
    expect([first.app.revision, first.app.config.messaging.recallLimitSeconds]).toEqual([1, 120]);
  });

  it('refuses an app that is no longer active', async () => {
    const socket = await online('alice');
    await f.appConfig.setStatus(app.sdkAppId, 'disabled');
    await expect(sessions.actor(socket.record, IP)).rejects.toMatchObject({ errorName: 'APP_DISABLED' });
    await f.appConfig.terminate(app.sdkAppId);
    await expect(sessions.actor(socket.record, IP)).rejects.toMatchObject({ errorName: 'APP_TERMINATED' });
  });
});

describe('SessionService.end', () => {
  it('unregisters the session and reports how it ended', async () => {
    const socket = await online('alice');
    sessions.end(socket.record, 'Logout', IP);
    await settle();
    expect(await registered('alice')).toEqual([]);
    expect(stateChanges).toEqual([
      ['alice', 'Login', IP],
      ['alice', 'Logout', IP],
    ]);
  });

  it('reports a failed unregister and still reports the state change', async () => {
    const socket = await online('alice');
    const failing = f.sessions(cluster, {
      registry: { ...f.registry, unregister: () => Promise.reject(new Error('registry down')) },
      onStateChange: (session, action) => stateChanges.push([session.userId, action, '']),
    });
    failing.end(socket.record, 'Disconnect', IP);
    await settle();
    expect(f.errors.map((e) => [e.what, (e.error as Error).message])).toEqual([
      ['unregister', 'registry down'],
    ]);
    expect(stateChanges.at(-1)).toEqual(['alice', 'Disconnect', '']);
  });
});

describe('SessionService.watchApps', () => {
  it('kicks this node’s sessions of an app that becomes disabled or terminated, and leaves the others alone', async () => {
    const stop = sessions.watchApps();
    const other = await f.newApp({}, []);
    const mine = await online('alice');
    const theirs = await online('alice', 'ios', other);

    await f.configure(app.sdkAppId, { messaging: { recallLimitSeconds: 30 } });
    await settle();
    expect(mine.kicks).toEqual([]);

    await f.appConfig.setStatus(app.sdkAppId, 'disabled');
    await settle();
    expect(mine.kicks).toEqual([{ reason: 'app-unavailable', byPlatform: undefined }]);
    expect(theirs.kicks).toEqual([]);

    await f.appConfig.terminate(other.sdkAppId);
    await settle();
    expect(theirs.kicks).toEqual([{ reason: 'app-unavailable', byPlatform: undefined }]);

    stop();
    await f.appConfig.setStatus(app.sdkAppId, 'active');
    await f.appConfig.setStatus(app.sdkAppId, 'disabled');
    await settle();
    expect(mine.kicks.length).toBe(1);
  });
});
