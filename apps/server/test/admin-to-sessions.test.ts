import type { TestParley } from '@parley/testing';
import { nextRandom, sendText, TestSocket, text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import { type ChatApp, chatApp, type LoggedIn } from './support/chat-app.ts';
import { suiteParley } from './support/suite-parley.ts';

/**
 * End to end on a whole server: what an operator does through the admin API reaches the live WebSocket sessions
 * (admin route → app-config service or account store → cluster → gateway). The gateway suite covers each rule on
 * `createGateway` alone; these keep the wiring between the two honest.
 */
const suite = suiteParley();

async function newApp(config?: unknown): Promise<ChatApp & { admin: TestParley['admin'] }> {
  const { sdkAppId, secretKey } = await suite.parley.createApp(config);
  const app = chatApp(sdkAppId, secretKey);
  return {
    ...app,
    admin: (method, path, body) => suite.parley.admin(method, `/v1/apps/${sdkAppId}${path}`, body),
  };
}

async function login(app: ChatApp, userId: string): Promise<LoggedIn> {
  return suite.login(app, userId);
}

describe('the admin API acts on live sessions', () => {
  it('a configuration PATCH applies to the next op of a session already logged in', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    await login(app, 'bob');
    await sendText(alice.socket, 'bob', 'before');
    const patched = await app.admin('PATCH', '/config', { messaging: { friendshipCheck: true } });
    expect(patched.status).toBe(200);
    const error = await alice.socket.fail('send', { to: 'bob', random: nextRandom(), body: text('after') });
    expect(error).toMatchObject({ name: 'NOT_FRIENDS' });
  });

  it('disabling the app kicks its sessions (`kicked` app-unavailable, close 4004)', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    expect((await app.admin('PUT', '/status', { status: 'disabled' })).status).toBe(200);
    expect(await alice.socket.nextPush('kicked')).toEqual({ reason: 'app-unavailable' });
    expect((await alice.socket.waitClosed()).code).toBe(4004);
  });

  it('deleting an account kicks its sessions (`kicked` account-deleted, close 4009)', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    const bob = await login(app, 'bob');
    const deleted = await app.admin('POST', '/users/delete', { userIds: ['alice'] });
    expect(deleted).toEqual({ status: 200, body: { deleted: ['alice'] } });
    expect(await alice.socket.nextPush('kicked')).toEqual({ reason: 'account-deleted' });
    expect((await alice.socket.waitClosed()).code).toBe(4009);
    await bob.socket.barrier();
    expect(bob.socket.isOpen).toBe(true);
  });

  it('a rotated secret key refuses new logins with UserSigs of the old key', async () => {
    const app = await newApp();
    expect((await app.admin('POST', '/secret/rotate')).status).toBe(200);
    const socket = await TestSocket.open(suite.parley.wsUrl);
    const error = await socket.fail('login', {
      sdkAppId: app.sdkAppId,
      userId: 'alice',
      userSig: app.sig('alice'),
      platform: 'web',
    });
    expect(error).toMatchObject({ name: 'USERSIG_SIGNATURE_MISMATCH' });
    expect((await socket.waitClosed()).code).toBe(4001);
  });

  it('a group the admin API creates and messages reaches its members’ live sessions', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    const created = await app.admin('POST', '/groups', {
      type: 'Work',
      groupId: 'team',
      name: 'Team',
      members: ['alice'],
    });
    expect(created.status).toBe(201);
    const sent = await app.admin('POST', '/groups/team/messages', { body: text('Hello team') });
    expect(sent.status).toBe(200);
    expect(await alice.socket.nextPush('message')).toMatchObject({
      conversationId: 'group:team',
      from: 'administrator',
      body: text('Hello team'),
    });
  });
});
