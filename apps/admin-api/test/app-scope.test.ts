import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import { APP_SCOPED_ROUTES, labelOf, urlOf } from './support/routes.ts';

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

async function appWithAlice(): Promise<CreatedApp> {
  const app = await fx.createApp();
  await fx.stores.accounts.importAccounts(app.sdkAppId, [{ userId: 'alice' }], fx.now());
  return app;
}

describe('an app that does not exist', () => {
  it.each([1, 1400009999])(
    'every app-scoped route answers 404 APP_NOT_FOUND for app %i, even to the operator',
    async (sdkAppId) => {
      await appWithAlice();
      for (const route of APP_SCOPED_ROUTES) {
        const reply = await fx.inject({
          method: route.method,
          url: urlOf(route, sdkAppId),
          auth: fx.operator,
          ...(route.body === undefined ? {} : { body: route.body }),
        });
        expect(reply.status, labelOf(route)).toBe(404);
        expect(reply.json.error, labelOf(route)).toMatchObject({ code: 70020, name: 'APP_NOT_FOUND' });
      }
    },
  );

  it('a malformed SDKAppID is still 400 INVALID_REQUEST', async () => {
    const reply = await fx.inject({ method: 'GET', url: '/v1/apps/abc/monitoring', auth: fx.operator });
    expect(reply.status).toBe(400);
    expect(reply.json.error.name).toBe('INVALID_REQUEST');
  });
});

describe('a terminated app', () => {
  it('its admins get 410 APP_TERMINATED on every route, reads included', async () => {
    const app = await appWithAlice();
    await fx.appConfig.terminate(app.sdkAppId);
    for (const route of APP_SCOPED_ROUTES) {
      const reply = await fx.inject({
        method: route.method,
        url: urlOf(route, app.sdkAppId),
        auth: fx.appAdmin(app),
        ...(route.body === undefined ? {} : { body: route.body }),
      });
      expect(reply.status, labelOf(route)).toBe(410);
      expect(reply.json.error, labelOf(route)).toMatchObject({ code: 91011, name: 'APP_TERMINATED' });
    }
  });

  it('the operator still reads it until it is purged', async () => {
    const app = await appWithAlice();
    await fx.appConfig.terminate(app.sdkAppId);
    for (const path of ['', '/config', '/users/alice', '/monitoring']) {
      const reply = await fx.inject({
        method: 'GET',
        url: `/v1/apps/${app.sdkAppId}${path}`,
        auth: fx.operator,
      });
      expect(reply.status, path).toBe(200);
    }
    const check = await fx.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/check`,
      auth: fx.operator,
      body: { userIds: ['alice'] },
    });
    expect(check.status).toBe(200);
  });
});
