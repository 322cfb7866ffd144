import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedAppWithView, startAdminApi } from './support/admin-api-fixture.ts';
import { APP_SCOPED_ROUTES, labelOf, OPERATOR_ROUTES, type RouteCase, urlOf } from './support/routes.ts';

const PROTECTED_ROUTES = [...OPERATOR_ROUTES, ...APP_SCOPED_ROUTES];

let fx: AdminApiFixture;
let app: CreatedAppWithView;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp();
  await fx.stores.accounts.importAccounts(app.sdkAppId, [{ userId: 'alice' }], fx.now());
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

function call(route: RouteCase, auth: string | undefined, sdkAppId = app.sdkAppId) {
  return fx.inject({
    method: route.method,
    url: urlOf(route, sdkAppId),
    ...(auth === undefined ? {} : { auth }),
    ...(route.body === undefined ? {} : { body: route.body }),
  });
}

describe('operator token', () => {
  it.each(PROTECTED_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s: no Authorization header → 401 UNAUTHENTICATED',
    async (_label, route) => {
      const refused = await call(route, undefined);
      expect(refused.status).toBe(401);
      expect(refused.json.error).toMatchObject({ code: 91001, name: 'UNAUTHENTICATED' });
    },
  );

  it.each(PROTECTED_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s: a wrong operator token → 401 UNAUTHENTICATED',
    async (_label, route) => {
      for (const auth of [
        `Bearer ${fx.operatorToken}x`,
        `Bearer ${fx.operatorToken.slice(0, -1)}`,
        'Bearer ',
      ]) {
        const refused = await call(route, auth);
        expect(refused.status, auth).toBe(401);
        expect(refused.json.error.code).toBe(91001);
      }
    },
  );

  it('refuses the operator token under another scheme', async () => {
    for (const auth of [fx.operatorToken, `Basic ${fx.operatorToken}`, `Token ${fx.operatorToken}`]) {
      const refused = await fx.inject({ method: 'GET', url: '/v1/apps', auth });
      expect(refused.status).toBe(401);
    }
  });

  it('changes nothing when refused', async () => {
    for (const route of PROTECTED_ROUTES) await call(route, 'Bearer wrong');
    expect(await fx.appConfig.list()).toHaveLength(1);
    expect(await fx.appConfig.get(app.sdkAppId)).toEqual(app.view);
    expect(await fx.stores.accounts.get(app.sdkAppId, 'alice')).toMatchObject({ mutedUntil: null });
  });
});

describe('app-admin UserSig', () => {
  it.each(APP_SCOPED_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s: an administrator of the app is allowed',
    async (_label, route) => {
      const allowed = await call(route, fx.appAdmin(app));
      if (route.authorisedStatus !== undefined) {
        expect(allowed.status, allowed.text).toBe(route.authorisedStatus);
        return;
      }
      expect(allowed.status, allowed.text).toBeGreaterThanOrEqual(200);
      expect(allowed.status, allowed.text).toBeLessThan(300);
    },
  );

  it('allows every identifier listed in config.admins, and stops one at once when removed', async () => {
    const patched = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['administrator', 'ops'] },
    });
    expect(patched.status).toBe(200);
    const ops = fx.appAdmin(app, 'ops');
    expect((await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: ops })).status).toBe(200);

    await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: ops,
      body: { admins: ['ops'] },
    });
    const removed = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.appAdmin(app),
    });
    expect(removed.status).toBe(403);
    expect(removed.json.error).toMatchObject({ code: 90009, name: 'FORBIDDEN' });
  });

  it.each(APP_SCOPED_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s: a valid UserSig of a user who is not an administrator → 403 FORBIDDEN, nothing changed',
    async (_label, route) => {
      const refused = await call(route, fx.appAdmin(app, 'alice'));
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: 90009, name: 'FORBIDDEN' });
      expect(await fx.appConfig.get(app.sdkAppId)).toEqual(app.view);
      expect(await fx.stores.accounts.get(app.sdkAppId, 'alice')).toMatchObject({ mutedUntil: null });
      expect(await fx.stores.accounts.get(app.sdkAppId, 'intruder')).toBeUndefined();
    },
  );

  it.each(OPERATOR_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s: an app administrator is refused with 401 (operator only)',
    async (_label, route) => {
      const refused = await call(route, fx.appAdmin(app));
      expect(refused.status).toBe(401);
      expect(refused.json.error.code).toBe(91001);
      expect(await fx.appConfig.list()).toHaveLength(1);
    },
  );

  it('refuses an expired UserSig with 401 USERSIG_EXPIRED', async () => {
    const admin = fx.appAdmin(app, 'administrator', { expireSeconds: 60 });
    fx.advance(60_000);
    expect((await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: admin })).status).toBe(
      200,
    );
    fx.advance(1000);
    const expired = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: admin });
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ code: 70001, name: 'USERSIG_EXPIRED' });
  });

  it('refuses a UserSig signed with another key, or for another identifier, with 401', async () => {
    const forged = fx.appAdmin(app, 'administrator', { secretKey: 'f'.repeat(64) });
    const wrongKey = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: forged });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json.error.name).toBe('USERSIG_SIGNATURE_MISMATCH');

    const aliceSig = fx.appAdmin(app, 'alice').split(' ')[2];
    const claimed = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: `UserSig administrator ${aliceSig}`,
    });
    expect(claimed.status).toBe(401);
    expect(claimed.json.error.name).toBe('USERSIG_IDENTIFIER_MISMATCH');
  });

  it('refuses a malformed UserSig header with 401', async () => {
    const sig = fx.appAdmin(app).split(' ')[2];
    for (const auth of [
      'UserSig',
      'UserSig administrator',
      `UserSig administrator ${sig} extra`,
      'UserSig administrator not-a-usersig',
      `usersig administrator ${sig}`,
    ]) {
      const refused = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth });
      expect(refused.status, auth).toBe(401);
    }
  });

  it('answers a UserSig for an unknown app with 401, not 404 (no probing for SDKAppIDs)', async () => {
    const unknown = 1_400_009_999;
    const auth = fx.appAdmin({ sdkAppId: unknown, secretKey: app.secretKey });
    const refused = await fx.inject({ method: 'GET', url: `/v1/apps/${unknown}`, auth });
    expect(refused.status).toBe(401);
    expect(refused.json.error.name).toBe('UNAUTHENTICATED');
  });
});

describe('authentication comes before validation', () => {
  // Regression: auth runs as a preHandler, after schema validation, so an anonymous caller learns the
  // schema (and costs a parse) before being refused.
  it('refuses an anonymous request with an invalid body or path with 401, not a validation error', async () => {
    const invalid: { label: string; method: RouteCase['method']; url: string; body?: unknown }[] = [
      { label: 'bad SDKAppID', method: 'GET', url: '/v1/apps/not-a-number' },
      ...PROTECTED_ROUTES.filter((route) => route.body !== undefined).map((route) => ({
        label: labelOf(route),
        method: route.method,
        url: urlOf(route, app.sdkAppId),
        body: { unexpected: [1, 2, 3] },
      })),
    ];
    const answers = [];
    for (const request of invalid) {
      const reply = await fx.inject({ method: request.method, url: request.url, body: request.body });
      answers.push(`${request.label}: ${reply.status} ${reply.json.error.name}`);
    }
    expect(answers.filter((answer) => !answer.includes(': 401 UNAUTHENTICATED'))).toEqual([]);
  });
});
