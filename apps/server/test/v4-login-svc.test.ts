import { describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/im_open_login_svc/*` driven as Tencent's REST docs show it, checked against /v1 and live sessions. */
const suite = suiteParley();

async function newApp(config?: unknown): Promise<V4App> {
  return suite.newV4App(config);
}

async function exists(app: V4App, userIds: string[]): Promise<Record<string, boolean>> {
  const reply = await suite.parley.admin('POST', `/v1/apps/${app.sdkAppId}/users/check`, { userIds });
  const results = (reply.body as { results: { userId: string; exists: boolean }[] }).results;
  return Object.fromEntries(results.map((result) => [result.userId, result.exists]));
}

async function login(app: V4App, userId: string): Promise<LoggedIn> {
  return suite.login(app.chat, userId);
}

const invalid = { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: 70402 }) };

describe('account_import', () => {
  it('imports one account with its nick and face URL (UserID, or Identifier of older clients)', async () => {
    const app = await newApp();
    const reply = await app.rest.call('im_open_login_svc/account_import', {
      UserID: 'alice',
      Nick: 'Alice',
      FaceUrl: 'https://example.com/alice.png',
    });
    expect(reply).toEqual({ status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } });
    expect(
      (await app.rest.call('im_open_login_svc/account_import', { Identifier: 'bob' })).body.ErrorCode,
    ).toBe(0);
    expect(await exists(app, ['alice', 'bob'])).toEqual({ alice: true, bob: true });
    const alice = await suite.parley.admin('GET', `/v1/apps/${app.sdkAppId}/users/alice`);
    expect(alice.body).toMatchObject({ nick: 'Alice', faceUrl: 'https://example.com/alice.png' });
  });

  it('refuses a missing, mistyped or over-long UserID with 70402, importing nothing', async () => {
    const app = await newApp();
    const command = 'im_open_login_svc/account_import';
    expect(await app.rest.call(command, {})).toEqual(invalid);
    expect(await app.rest.call(command, { UserID: 42 })).toEqual(invalid);
    expect(await app.rest.call(command, { UserID: 'x'.repeat(33) })).toEqual(invalid);
    expect(await app.rest.call(command, { UserID: 'ok', Nick: 7 })).toEqual(invalid);
    expect(await exists(app, ['ok'])).toEqual({ ok: false });
  });
});

describe('multiaccount_import', () => {
  it('imports up to 100 accounts, FailAccounts empty', async () => {
    const app = await newApp();
    const reply = await app.rest.call('im_open_login_svc/multiaccount_import', { Accounts: ['a', 'b', 'c'] });
    expect(reply.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', FailAccounts: [] });
    expect(await exists(app, ['a', 'b', 'c'])).toEqual({ a: true, b: true, c: true });
  });

  it('lists invalid UserIDs in FailAccounts and imports the others', async () => {
    const app = await newApp();
    const tooLong = 'x'.repeat(33);
    const reply = await app.rest.call('im_open_login_svc/multiaccount_import', {
      Accounts: ['good', 'bad:id', tooLong, ''],
    });
    expect(reply.body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
      FailAccounts: ['bad:id', tooLong, ''],
    });
    expect(await exists(app, ['good'])).toEqual({ good: true });
  });

  it('refuses 101 accounts, a missing list or a non-string with 70402, importing nothing', async () => {
    const app = await newApp();
    const command = 'im_open_login_svc/multiaccount_import';
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(await app.rest.call(command, { Accounts: many })).toEqual(invalid);
    expect(await app.rest.call(command, {})).toEqual(invalid);
    expect(await app.rest.call(command, { Accounts: ['u0', 5] })).toEqual(invalid);
    expect(await app.rest.call(command, { Accounts: [] })).toEqual(invalid);
    expect(await exists(app, ['u0', 'u100'])).toEqual({ u0: false, u100: false });
  });
});

describe('account_check', () => {
  it('says Imported or NotImported for each UserID', async () => {
    const app = await newApp();
    await app.rest.call('im_open_login_svc/account_import', { UserID: 'alice' });
    const reply = await app.rest.call('im_open_login_svc/account_check', {
      CheckItem: [{ UserID: 'alice' }, { UserID: 'ghost' }],
    });
    expect(reply.body).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      ResultItem: [
        { UserID: 'alice', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
        { UserID: 'ghost', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
      ],
    });
  });

  it('refuses 101 items or a malformed item with 70402', async () => {
    const app = await newApp();
    const command = 'im_open_login_svc/account_check';
    const many = Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` }));
    expect(await app.rest.call(command, { CheckItem: many })).toEqual(invalid);
    expect(await app.rest.call(command, { CheckItem: [{ User: 'a' }] })).toEqual(invalid);
    expect(await app.rest.call(command, { CheckItem: 'alice' })).toEqual(invalid);
  });
});

describe('account_delete', () => {
  it('deletes accounts, reports each in ResultItem (70107 for an unknown one) and kicks their sessions', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    const bob = await login(app, 'bob');
    const reply = await app.rest.call('im_open_login_svc/account_delete', {
      DeleteItem: [{ UserID: 'alice' }, { UserID: 'ghost' }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ResultItem: [
        { ResultCode: 0, ResultInfo: '', UserID: 'alice' },
        { ResultCode: 70107, UserID: 'ghost' },
      ],
    });
    expect(await alice.socket.nextPush('kicked')).toEqual({ reason: 'account-deleted' });
    expect(await exists(app, ['alice', 'bob'])).toEqual({ alice: false, bob: true });
    await bob.socket.barrier();
    expect(bob.socket.isOpen).toBe(true);
  });

  it('refuses 101 items with 70402, deleting nothing', async () => {
    const app = await newApp();
    await app.rest.call('im_open_login_svc/account_import', { UserID: 'u0' });
    const many = Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` }));
    expect(await app.rest.call('im_open_login_svc/account_delete', { DeleteItem: many })).toEqual(invalid);
    expect(await exists(app, ['u0'])).toEqual({ u0: true });
  });
});

describe('kick', () => {
  it('closes every session of the user (`kicked` admin-kick, close 4002), no one else’s', async () => {
    const app = await newApp({ multiLogin: { policy: 'multi-platform' } });
    const web = await login(app, 'alice');
    const phone = await suite.login(app.chat, 'alice', 'android');
    const bob = await login(app, 'bob');
    const reply = await app.rest.call('im_open_login_svc/kick', { UserID: 'alice' });
    expect(reply.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    for (const { socket } of [web, phone]) {
      expect(await socket.nextPush('kicked')).toEqual({ reason: 'admin-kick' });
      expect((await socket.waitClosed()).code).toBe(4002);
    }
    await bob.socket.barrier();
    expect(bob.socket.isOpen).toBe(true);
    // The account stays: only the sessions end.
    expect(await exists(app, ['alice'])).toEqual({ alice: true });
  });

  it('answers an unknown account with 70107 and a missing UserID with 70402', async () => {
    const app = await newApp();
    const ghost = await app.rest.call('im_open_login_svc/kick', { UserID: 'ghost' });
    expect(ghost.body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 70107 });
    expect(await app.rest.call('im_open_login_svc/kick', {})).toEqual(invalid);
  });
});
