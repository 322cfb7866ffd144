import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import type {
  AccountReply,
  CheckReply,
  DeleteUsersReply,
  ErrorReply,
  ImportReply,
} from './support/replies.ts';

let fx: AdminApiFixture;
let app: CreatedApp;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

function importAccounts(accounts: unknown[]) {
  return fx.inject<ImportReply & ErrorReply>({
    method: 'POST',
    url: `/v1/apps/${app.sdkAppId}/users`,
    auth: fx.operator,
    body: { accounts },
  });
}

function users(count: number, prefix = 'user'): { userId: string }[] {
  return Array.from({ length: count }, (_, index) => ({ userId: `${prefix}${index}` }));
}

describe('POST /v1/apps/:sdkAppId/users (import)', () => {
  it('creates new accounts and reports the ones that existed', async () => {
    const first = await importAccounts([{ userId: 'alice', nick: 'Alice' }, { userId: 'bob' }]);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ created: ['alice', 'bob'], existing: [] });

    const second = await importAccounts([{ userId: 'bob' }, { userId: 'carol' }]);
    expect(second.json).toEqual({ created: ['carol'], existing: ['bob'] });
    expect(await fx.stores.accounts.count(app.sdkAppId)).toBe(3);
  });

  it('takes up to 100 accounts at once and refuses 101 with INVALID_REQUEST, importing none', async () => {
    const hundred = await importAccounts(users(100));
    expect(hundred.status).toBe(200);
    expect(hundred.json.created).toHaveLength(100);

    const tooMany = await importAccounts(users(101, 'more'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
    expect(tooMany.json.error.fields?.map((field) => field.path)).toEqual(['body.accounts']);
    expect(await fx.stores.accounts.count(app.sdkAppId)).toBe(100);
  });

  it('refuses an empty list', async () => {
    const empty = await importAccounts([]);
    expect(empty.status).toBe(400);
  });

  it('accepts a UserID of exactly 32 bytes and refuses 33 bytes (counted in UTF-8, not characters)', async () => {
    const ok = await importAccounts([{ userId: 'a'.repeat(32) }, { userId: 'é'.repeat(16) }]);
    expect(ok.status).toBe(200);
    for (const userId of ['a'.repeat(33), `${'é'.repeat(16)}x`]) {
      const refused = await importAccounts([{ userId }]);
      expect(refused.status, userId).toBe(400);
      expect(refused.json.error.fields).toEqual([
        { path: 'body.accounts.0.userId', message: 'must be at most 32 bytes' },
      ]);
    }
  });

  it('refuses a faceUrl whose scheme is not https or http, at import and on change', async () => {
    for (const faceUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///x', 'vbscript:x']) {
      const refused = await importAccounts([{ userId: 'alice', faceUrl }]);
      expect(refused.status, faceUrl).toBe(400);
      expect(refused.json.error.fields?.map((f) => f.path)).toEqual(['body.accounts.0.faceUrl']);
    }
    expect(
      (await importAccounts([{ userId: 'alice', faceUrl: 'https://img.example.com/a.png' }])).status,
    ).toBe(200);
    const changed = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/users/alice`,
      auth: fx.operator,
      body: { faceUrl: 'javascript:alert(1)' },
    });
    expect(changed.status).toBe(400);
    expect(changed.json.error.fields?.map((f) => f.path)).toEqual(['body.faceUrl']);
  });

  it('refuses UserIDs with ":" or whitespace, which would break conversation IDs', async () => {
    for (const userId of ['a:b', 'a b', '']) {
      const refused = await importAccounts([{ userId }]);
      expect(refused.status, JSON.stringify(userId)).toBe(400);
    }
    expect(await fx.stores.accounts.count(app.sdkAppId)).toBe(0);
  });

  it('answers 404 APP_NOT_FOUND for an unknown app', async () => {
    const refused = await fx.inject({
      method: 'POST',
      url: '/v1/apps/1400009999/users',
      auth: fx.operator,
      body: { accounts: [{ userId: 'alice' }] },
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.name).toBe('APP_NOT_FOUND');
  });
});

describe('POST /v1/apps/:sdkAppId/users/check', () => {
  it('says which accounts exist, in the order asked', async () => {
    await importAccounts([{ userId: 'alice' }, { userId: 'carol' }]);
    const checked = await fx.inject<CheckReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/check`,
      auth: fx.operator,
      body: { userIds: ['carol', 'bob', 'alice'] },
    });
    expect(checked.status).toBe(200);
    expect(checked.json.results).toEqual([
      { userId: 'carol', exists: true },
      { userId: 'bob', exists: false },
      { userId: 'alice', exists: true },
    ]);
  });

  it('does not see the accounts of another app', async () => {
    const other = await fx.createApp();
    await importAccounts([{ userId: 'alice' }]);
    const checked = await fx.inject<CheckReply>({
      method: 'POST',
      url: `/v1/apps/${other.sdkAppId}/users/check`,
      auth: fx.operator,
      body: { userIds: ['alice'] },
    });
    expect(checked.json.results).toEqual([{ userId: 'alice', exists: false }]);
  });

  it('takes at most 100 UserIDs', async () => {
    const refused = await fx.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/check`,
      auth: fx.operator,
      body: { userIds: users(101).map((user) => user.userId) },
    });
    expect(refused.status).toBe(400);
  });
});

describe('POST /v1/apps/:sdkAppId/users/delete', () => {
  it('deletes the accounts that exist with their relations, and tells the gateways', async () => {
    await importAccounts([{ userId: 'alice' }, { userId: 'bob' }]);
    await fx.stores.relations.addFriends(app.sdkAppId, 'alice', 'bob', fx.now());
    const deleted = await fx.inject<DeleteUsersReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/delete`,
      auth: fx.operator,
      body: { userIds: ['alice', 'nobody'] },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ deleted: ['alice'] });
    expect(await fx.stores.accounts.get(app.sdkAppId, 'alice')).toBeUndefined();
    expect(await fx.stores.accounts.get(app.sdkAppId, 'bob')).toBeDefined();
    expect(await fx.stores.relations.areFriends(app.sdkAppId, 'alice', 'bob')).toBe(false);
    expect(fx.deletedAccounts).toEqual([{ sdkAppId: app.sdkAppId, userIds: ['alice'] }]);
  });

  it('tells nobody when nothing was deleted', async () => {
    const deleted = await fx.inject<DeleteUsersReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/delete`,
      auth: fx.operator,
      body: { userIds: ['nobody'] },
    });
    expect(deleted.json).toEqual({ deleted: [] });
    expect(fx.deletedAccounts).toEqual([]);
  });
});

describe('GET and PATCH /v1/apps/:sdkAppId/users/:userId', () => {
  function patchUser(userId: string, body: unknown) {
    return fx.inject<AccountReply & ErrorReply>({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/users/${encodeURIComponent(userId)}`,
      auth: fx.operator,
      body,
    });
  }

  it('reads an account', async () => {
    await importAccounts([{ userId: 'alice', nick: 'Alice', faceUrl: 'https://img.example.com/a.png' }]);
    const read = await fx.inject<AccountReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/users/alice`,
      auth: fx.operator,
    });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({
      userId: 'alice',
      nick: 'Alice',
      faceUrl: 'https://img.example.com/a.png',
      createdAt: new Date(fx.now()).toISOString(),
      mutedUntil: null,
      addVerification: null,
    });
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown account, on read and on change', async () => {
    const read = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/users/ghost`,
      auth: fx.operator,
    });
    expect(read.status).toBe(404);
    expect(read.json.error).toMatchObject({ code: 20003, name: 'ACCOUNT_NOT_FOUND' });
    const changed = await patchUser('ghost', { nick: 'Ghost' });
    expect(changed.status).toBe(404);
    expect(changed.json.error.name).toBe('ACCOUNT_NOT_FOUND');
  });

  it('mutes for a number of seconds from now, and 0 unmutes', async () => {
    await importAccounts([{ userId: 'alice' }]);
    const muted = await patchUser('alice', { mutedForSeconds: 3600 });
    expect(muted.status).toBe(200);
    expect(muted.json.mutedUntil).toBe(new Date(fx.now() + 3_600_000).toISOString());
    expect((await fx.stores.accounts.get(app.sdkAppId, 'alice'))?.mutedUntil).toBe(fx.now() + 3_600_000);

    const unmuted = await patchUser('alice', { mutedForSeconds: 0 });
    expect(unmuted.json.mutedUntil).toBeNull();
  });

  it('sets and clears the account’s own friend verification, and changes the profile', async () => {
    await importAccounts([{ userId: 'alice' }]);
    const set = await patchUser('alice', { addVerification: 'deny-any', nick: 'Al' });
    expect(set.json).toMatchObject({ addVerification: 'deny-any', nick: 'Al' });
    expect((await fx.stores.accounts.get(app.sdkAppId, 'alice'))?.addVerification).toBe('deny-any');
    const cleared = await patchUser('alice', { addVerification: null });
    expect(cleared.json).toMatchObject({ addVerification: null, nick: 'Al' });
  });

  it('refuses unknown keys, negative mutes and unknown verification modes', async () => {
    await importAccounts([{ userId: 'alice' }]);
    for (const body of [{ muted: true }, { mutedForSeconds: -1 }, { addVerification: 'maybe' }]) {
      const refused = await patchUser('alice', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.name).toBe('INVALID_REQUEST');
    }
  });

  it('refuses a UserID in the path longer than 32 bytes', async () => {
    const refused = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/users/${'a'.repeat(33)}`,
      auth: fx.operator,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields?.map((field) => field.path)).toEqual(['params.userId']);
  });
});
