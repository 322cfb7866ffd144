// Over 300 lines: every rule of the apps resource (create, list, status, terminate) in one reading order.
import { buildAppConfigSchema } from '@parley/app-config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, REGIONS, START_TIME, startAdminApi } from './support/admin-api-fixture.ts';
import type { AppView, CreateReply, ListReply, RotateReply } from './support/replies.ts';

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

describe('POST /v1/apps', () => {
  it('creates an app with a Tencent-style SDKAppID, a 64-hex secret key and Tencent’s default configuration', async () => {
    const created = await fx.inject<CreateReply>({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      body: { details: { name: 'Acme chat' } },
    });
    expect(created.status).toBe(201);
    expect(Number.isSafeInteger(created.json.sdkAppId)).toBe(true);
    expect(created.json.sdkAppId).toBeGreaterThanOrEqual(1_400_000_000);
    expect(created.json.secretKey).toMatch(/^[0-9a-f]{64}$/);
    const app = created.json.app;
    expect(app).toMatchObject({
      sdkAppId: created.json.sdkAppId,
      status: 'active',
      revision: 1,
      createdAt: new Date(START_TIME).toISOString(),
      updatedAt: new Date(START_TIME).toISOString(),
      terminatedAt: null,
      purgeAt: null,
    });
    expect(app.config).toEqual(
      buildAppConfigSchema({ regions: REGIONS }).parse({ details: { name: 'Acme chat' } }),
    );
    // Spot checks of the Tencent defaults a client relies on.
    expect(app.config.admins).toEqual(['administrator']);
    expect(app.config.messaging.recallLimitSeconds).toBe(120);
    expect(app.config.multiLogin.policy).toBe('single-platform');
    expect(app.config.friends.defaultAddVerification).toBe('need-confirm');
    expect(app.config.dataCentre).toBe('local');
    // The key is shown at creation only: the app view never carries it.
    expect(JSON.stringify(app)).not.toContain(created.json.secretKey);
  });

  it('allocates a new SDKAppID and a new secret key for every app', async () => {
    const first = await fx.createApp();
    const second = await fx.createApp();
    expect(second.sdkAppId).toBeGreaterThan(first.sdkAppId);
    expect(second.secretKey).not.toBe(first.secretKey);
  });

  it('takes an initial configuration, merged over the defaults', async () => {
    const created = await fx.inject<CreateReply>({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      body: {
        details: { name: 'Acme chat' },
        admins: ['boss', 'ops'],
        dataCentre: 'eu',
        messaging: { recallLimitSeconds: 300 },
      },
    });
    expect(created.status).toBe(201);
    const { config } = created.json.app;
    expect(config.details).toEqual({ name: 'Acme chat', introduction: '', description: '', type: 'social' });
    expect(config.admins).toEqual(['boss', 'ops']);
    expect(config.dataCentre).toBe('eu');
    expect(config.messaging.recallLimitSeconds).toBe(300);
    expect(config.messaging.historyRetentionDays).toBe(7);
  });

  it('refuses a bad initial configuration with CONFIG_INVALID listing each bad field, and creates nothing', async () => {
    const refused = await fx.inject({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      body: {
        details: { name: 'Acme chat' },
        admins: [],
        dataCentre: 'mars',
        messaging: { recallLimitSeconds: -1, historyRetentionDays: 'a week' },
        callbacks: { tokn: 'typo' },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 91060, name: 'CONFIG_INVALID' });
    const paths = (refused.json.error.fields ?? []).map((field) => field.path).sort();
    expect(paths).toEqual([
      'admins',
      'callbacks',
      'dataCentre',
      'messaging.historyRetentionDays',
      'messaging.recallLimitSeconds',
    ]);
    const unknownKey = refused.json.error.fields?.find((field) => field.path === 'callbacks');
    expect(unknownKey?.message).toContain('tokn');
    expect(await fx.appConfig.list()).toEqual([]);
  });

  it('refuses a configuration that is not a JSON object', async () => {
    for (const body of ['[]', '"text"', '42']) {
      const refused = await fx.inject({
        method: 'POST',
        url: '/v1/apps',
        auth: fx.operator,
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(refused.status, body).toBe(400);
      expect(refused.json.error.name).toBe('CONFIG_INVALID');
    }
  });

  it('refuses no body, {} and null: the name is required (CONFIG_INVALID on details.name), and creates nothing', async () => {
    for (const body of [undefined, '{}', 'null', '{"details":{}}', '{"admins":["boss"]}']) {
      const refused = await fx.inject({
        method: 'POST',
        url: '/v1/apps',
        auth: fx.operator,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      });
      expect(refused.status, String(body)).toBe(400);
      expect(refused.json.error, String(body)).toMatchObject({ code: 91060, name: 'CONFIG_INVALID' });
      expect(refused.json.error.fields, String(body)).toContainEqual({
        path: 'details.name',
        message: 'required when an app is created',
      });
    }
    expect(await fx.appConfig.list()).toEqual([]);
  });

  it('refuses a cross-field problem found only on the merged configuration', async () => {
    const refused = await fx.inject({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      body: { details: { name: 'Acme chat' }, callbacks: { enabled: true } },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toEqual([
      { path: 'callbacks.url', message: 'must be set when callbacks.enabled is true' },
    ]);
  });
});

describe('GET /v1/apps and GET /v1/apps/:sdkAppId', () => {
  it('lists every app in SDKAppID order, without secret keys', async () => {
    const first = await fx.createApp({ details: { name: 'First' } });
    const second = await fx.createApp({ details: { name: 'Second' } });
    const listed = await fx.inject<ListReply>({ method: 'GET', url: '/v1/apps', auth: fx.operator });
    expect(listed.status).toBe(200);
    expect(listed.json.apps.map((app) => [app.sdkAppId, app.config.details.name])).toEqual([
      [first.sdkAppId, 'First'],
      [second.sdkAppId, 'Second'],
    ]);
    expect(listed.text).not.toContain(first.secretKey);
    expect(listed.text).not.toContain(second.secretKey);
  });

  it('lists nothing before the first app', async () => {
    const listed = await fx.inject<ListReply>({ method: 'GET', url: '/v1/apps', auth: fx.operator });
    expect(listed.json).toEqual({ apps: [] });
  });

  it('reads one app, without its secret key', async () => {
    const app = await fx.createApp();
    const read = await fx.inject<AppView>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(app.view);
    expect(read.text).not.toContain(app.secretKey);
  });

  it('answers 404 APP_NOT_FOUND to the operator for an unknown SDKAppID', async () => {
    const read = await fx.inject({ method: 'GET', url: '/v1/apps/1400009999', auth: fx.operator });
    expect(read.status).toBe(404);
    expect(read.json.error).toMatchObject({ code: 70020, name: 'APP_NOT_FOUND' });
  });

  it('refuses an SDKAppID that is not a number with INVALID_REQUEST naming the parameter', async () => {
    const read = await fx.inject({ method: 'GET', url: '/v1/apps/acme', auth: fx.operator });
    expect(read.status).toBe(400);
    expect(read.json.error.name).toBe('INVALID_REQUEST');
    expect(read.json.error.fields?.map((field) => field.path)).toEqual(['params.sdkAppId']);
  });
});

describe('DELETE /v1/apps/:sdkAppId (terminate)', () => {
  it('terminates the app and schedules the purge 2 calendar months later (31 Jan → 31 Mar)', async () => {
    const app = await fx.createApp();
    fx.advance(60_000);
    const terminated = await fx.inject<AppView>({
      method: 'DELETE',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(terminated.status).toBe(200);
    expect(terminated.json).toMatchObject({
      status: 'terminated',
      terminatedAt: '2025-01-31T09:31:00.000Z',
      purgeAt: '2025-03-31T09:31:00.000Z',
      revision: 2,
    });
  });

  it('clamps the purge date to the end of a shorter month (31 Dec → 28 Feb)', async () => {
    fx.setNow(Date.UTC(2025, 11, 31, 23, 15));
    const app = await fx.createApp();
    const terminated = await fx.inject<AppView>({
      method: 'DELETE',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(terminated.json.terminatedAt).toBe('2025-12-31T23:15:00.000Z');
    expect(terminated.json.purgeAt).toBe('2026-02-28T23:15:00.000Z');
  });

  it('is idempotent: terminating again keeps the first dates', async () => {
    const app = await fx.createApp();
    const first = await fx.inject<AppView>({
      method: 'DELETE',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    fx.advance(86_400_000);
    const again = await fx.inject<AppView>({
      method: 'DELETE',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
  });

  it('freezes the app: configuration, status and secret changes answer 410 APP_TERMINATED', async () => {
    const app = await fx.createApp();
    await fx.inject({ method: 'DELETE', url: `/v1/apps/${app.sdkAppId}`, auth: fx.operator });
    const attempts = [
      { method: 'PATCH', url: `/v1/apps/${app.sdkAppId}/config`, body: { details: { name: 'Back' } } },
      { method: 'PUT', url: `/v1/apps/${app.sdkAppId}/status`, body: { status: 'active' } },
      { method: 'POST', url: `/v1/apps/${app.sdkAppId}/secret/rotate` },
      { method: 'POST', url: `/v1/apps/${app.sdkAppId}/users`, body: { accounts: [{ userId: 'late' }] } },
    ] as const;
    for (const attempt of attempts) {
      const refused = await fx.inject({ ...attempt, auth: fx.operator });
      expect(refused.status, `${attempt.method} ${attempt.url}`).toBe(410);
      expect(refused.json.error).toMatchObject({ code: 91011, name: 'APP_TERMINATED' });
    }
    const after = await fx.appConfig.get(app.sdkAppId);
    expect(after.status).toBe('terminated');
    expect(after.config.details.name).toBe('Test app');
    expect(await fx.stores.accounts.get(app.sdkAppId, 'late')).toBeUndefined();
  });
});

describe('PUT /v1/apps/:sdkAppId/status', () => {
  it('disables and re-enables the app, each change a new revision', async () => {
    const app = await fx.createApp();
    const disabled = await fx.inject<AppView>({
      method: 'PUT',
      url: `/v1/apps/${app.sdkAppId}/status`,
      auth: fx.operator,
      body: { status: 'disabled' },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ status: 'disabled', revision: 2 });
    expect((await fx.appConfig.runtime(app.sdkAppId)).status).toBe('disabled');

    const unchanged = await fx.inject<AppView>({
      method: 'PUT',
      url: `/v1/apps/${app.sdkAppId}/status`,
      auth: fx.operator,
      body: { status: 'disabled' },
    });
    expect(unchanged.json).toMatchObject({ status: 'disabled', revision: 2 });

    const active = await fx.inject<AppView>({
      method: 'PUT',
      url: `/v1/apps/${app.sdkAppId}/status`,
      auth: fx.operator,
      body: { status: 'active' },
    });
    expect(active.json).toMatchObject({ status: 'active', revision: 3 });
  });

  it('refuses "terminated" (that is DELETE) and unknown keys with INVALID_REQUEST', async () => {
    const app = await fx.createApp();
    for (const body of [{ status: 'terminated' }, { status: 'active', reason: 'x' }, {}]) {
      const refused = await fx.inject({
        method: 'PUT',
        url: `/v1/apps/${app.sdkAppId}/status`,
        auth: fx.operator,
        body,
      });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.name).toBe('INVALID_REQUEST');
    }
    expect((await fx.appConfig.get(app.sdkAppId)).status).toBe('active');
  });
});

describe('POST /v1/apps/:sdkAppId/secret/rotate', () => {
  it('returns a new 64-hex key, which the opened app uses from now on', async () => {
    const app = await fx.createApp();
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/secret/rotate`,
      auth: fx.operator,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.json.secretKey).not.toBe(app.secretKey);
    expect(rotated.json.app).toMatchObject({ sdkAppId: app.sdkAppId, revision: 2 });
    expect(JSON.stringify(rotated.json.app)).not.toContain(rotated.json.secretKey);
    expect((await fx.appConfig.runtime(app.sdkAppId)).secretKey).toBe(rotated.json.secretKey);
  });

  it('stops the old key’s UserSigs at once for app-admin auth; the new key’s work', async () => {
    const app = await fx.createApp();
    const oldAdmin = fx.appAdmin(app);
    // Warm the opened-app cache with the old key first, as a live server would have it.
    const before = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: oldAdmin });
    expect(before.status).toBe(200);

    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/secret/rotate`,
      auth: oldAdmin,
    });
    expect(rotated.status).toBe(200);

    const withOld = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: oldAdmin });
    expect(withOld.status).toBe(401);
    expect(withOld.json.error).toMatchObject({ code: 70009, name: 'USERSIG_SIGNATURE_MISMATCH' });

    const newAdmin = fx.appAdmin({ sdkAppId: app.sdkAppId, secretKey: rotated.json.secretKey });
    const withNew = await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: newAdmin });
    expect(withNew.status).toBe(200);
  });
});
