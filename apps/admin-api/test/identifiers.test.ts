import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';

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

const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800'];

describe('identifiers: one well-formedness rule at every admin API entry', () => {
  it.each(LONE_SURROGATES)('POST /usersig refuses %j with 400 INVALID_REQUEST, not 500', async (userId) => {
    const reply = await fx.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/usersig`,
      auth: fx.operator,
      body: { userId },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ code: 20001, name: 'INVALID_REQUEST' });
    expect(reply.json.error.fields).toEqual([
      { path: 'body.userId', message: 'must be well-formed Unicode (no unpaired surrogate)' },
    ]);
  });

  it('import, check and delete refuse an unpaired surrogate, and nothing is stored as U+FFFD', async () => {
    for (const [path, body] of [
      ['/users', { accounts: [{ userId: '\ud800' }] }],
      ['/users/check', { userIds: ['\ud800'] }],
      ['/users/delete', { userIds: ['\ud800'] }],
    ] as const) {
      const reply = await fx.inject({
        method: 'POST',
        url: `/v1/apps/${app.sdkAppId}${path}`,
        auth: fx.operator,
        body,
      });
      expect(reply.status, path).toBe(400);
      expect(reply.json.error.name, path).toBe('INVALID_REQUEST');
    }
    expect(await fx.stores.accounts.count(app.sdkAppId)).toBe(0);
  });

  it('a surrogate pair (an emoji) is well-formed and accepted', async () => {
    const reply = await fx.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users`,
      auth: fx.operator,
      body: { accounts: [{ userId: 'smile😀' }] },
    });
    expect(reply.status).toBe(200);
  });

  it('control characters are refused, C1 included', async () => {
    for (const userId of ['a\u0000', 'a\u007f', 'a\u0085']) {
      const reply = await fx.inject({
        method: 'POST',
        url: `/v1/apps/${app.sdkAppId}/usersig`,
        auth: fx.operator,
        body: { userId },
      });
      expect(reply.status, JSON.stringify(userId)).toBe(400);
    }
  });

  it('an admin identifier in the configuration follows the same rule (CONFIG_INVALID)', async () => {
    const reply = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['administrator', '\ud800'] },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ name: 'CONFIG_INVALID' });
    expect(reply.json.error.fields?.[0]?.path).toBe('admins.1');
  });
});
