import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import { APP_SCOPED_ROUTES, labelOf, urlOf } from './support/routes.ts';

let fx: AdminApiFixture;
let appA: CreatedApp;
let appB: CreatedApp;
beforeEach(async () => {
  fx = await startAdminApi();
  appA = await fx.createApp({ details: { name: 'A' } });
  appB = await fx.createApp({ details: { name: 'B' } });
  for (const app of [appA, appB]) {
    await fx.stores.accounts.importAccounts(app.sdkAppId, [{ userId: 'alice' }], fx.now());
  }
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

/** Everything a cross-app call could have changed in app B. */
async function stateOfB() {
  const runtime = await fx.appConfig.runtime(appB.sdkAppId);
  return {
    view: await fx.appConfig.get(appB.sdkAppId),
    secretKey: runtime.secretKey,
    accounts: await fx.stores.accounts.count(appB.sdkAppId),
    alice: await fx.stores.accounts.get(appB.sdkAppId, 'alice'),
  };
}

describe('an administrator of app A on app B’s routes', () => {
  // Both apps have the default admin "administrator": the identifier alone must not carry across apps.
  it.each(APP_SCOPED_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s is refused and app B is unchanged',
    async (_label, route) => {
      const before = await stateOfB();
      const refused = await fx.inject({
        method: route.method,
        url: urlOf(route, appB.sdkAppId),
        auth: fx.appAdmin(appA),
        ...(route.body === undefined ? {} : { body: route.body }),
      });
      expect([401, 403]).toContain(refused.status);
      expect(refused.json.error.name).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|USERSIG_)/);
      // No data of B in the refusal (no config, no UserSig, no key).
      expect(refused.text).not.toContain('"B"');
      expect(Object.keys(refused.json)).toEqual(['error']);
      expect(await stateOfB()).toEqual(before);
      expect(fx.deletedAccounts).toEqual([]);
    },
  );

  it('is refused when it signs with A’s key but puts B’s SDKAppID in the UserSig', async () => {
    const forged = fx.appAdmin(appA, 'administrator', { sdkAppId: appB.sdkAppId });
    const before = await stateOfB();
    const refused = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${appB.sdkAppId}/config`,
      auth: forged,
      body: { admins: ['mallory'] },
    });
    expect(refused.status).toBe(401);
    expect(refused.json.error.name).toBe('USERSIG_SIGNATURE_MISMATCH');
    expect(await stateOfB()).toEqual(before);
  });

  it('is refused even when A’s admin identifier is also an admin of B', async () => {
    await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${appB.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['administrator', 'shared-admin'] },
    });
    await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${appA.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['shared-admin'] },
    });
    const before = await stateOfB();
    const refused = await fx.inject({
      method: 'DELETE',
      url: `/v1/apps/${appB.sdkAppId}`,
      auth: fx.appAdmin(appA, 'shared-admin'),
    });
    expect(refused.status).toBe(401);
    expect(await stateOfB()).toEqual(before);
    // The same identifier with B's own key is allowed: the refusal was about the key, not the name.
    const allowed = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${appB.sdkAppId}`,
      auth: fx.appAdmin(appB, 'shared-admin'),
    });
    expect(allowed.status).toBe(200);
  });

  it('keeps working on its own app meanwhile', async () => {
    const own = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${appA.sdkAppId}/config`,
      auth: fx.appAdmin(appA),
    });
    expect(own.status).toBe(200);
  });
});
