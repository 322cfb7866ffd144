import { REDACTED } from '@parley/app-config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedAppWithView, startAdminApi } from './support/admin-api-fixture.ts';
import type { AppView, ConfigReply, ErrorReply, ListReply, RotateReply } from './support/replies.ts';

/** Secrets distinctive enough that finding one in a body or a log line cannot be a coincidence. */
const CALLBACK_TOKEN = 'cb-token-7f3a9c1e5d2b8a46';
const APNS_CERTIFICATE = Buffer.from('-----P12 certificate bytes 5e1d9b2c-----').toString('base64');
const APNS_PASSWORD = 'p12-pass-0c8e4a1f6b3d';
const ANDROID_APP_KEY = 'hw-app-key-9d2e7b4c1a';
const ANDROID_APP_SECRET = 'hw-app-secret-3b8f5e2a7c1d';

const apns = {
  bundleId: 'com.example.chat',
  environment: 'production',
  certificate: APNS_CERTIFICATE,
  password: APNS_PASSWORD,
};
const android = {
  vendor: 'huawei',
  packageName: 'com.example.chat',
  appId: '104589231',
  appKey: ANDROID_APP_KEY,
  appSecret: ANDROID_APP_SECRET,
};

let fx: AdminApiFixture;
let app: CreatedAppWithView;
beforeEach(async () => {
  fx = await startAdminApi();
  for (const secret of [
    CALLBACK_TOKEN,
    APNS_CERTIFICATE,
    APNS_PASSWORD,
    ANDROID_APP_KEY,
    ANDROID_APP_SECRET,
  ]) {
    fx.rememberConfigSecret(secret);
  }
  app = await fx.createApp();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

function patchConfig(body: unknown, headers: Record<string, string> = {}) {
  return fx.inject<ConfigReply & ErrorReply>({
    method: 'PATCH',
    url: `/v1/apps/${app.sdkAppId}/config`,
    auth: fx.operator,
    body,
    headers,
  });
}

async function setSecrets() {
  const patched = await patchConfig({
    callbacks: { url: 'https://hooks.example.com/parley', token: CALLBACK_TOKEN },
    offlinePush: { apns: [apns], android: [android] },
  });
  expect(patched.status).toBe(200);
  return patched;
}

describe('GET /v1/apps/:sdkAppId/config', () => {
  it('returns the configuration with its revision as ETag', async () => {
    const read = await fx.inject<ConfigReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
    });
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json).toEqual({ sdkAppId: app.sdkAppId, revision: 1, config: app.view.config });
  });
});

describe('PATCH /v1/apps/:sdkAppId/config', () => {
  it('merges objects key by key and replaces lists whole', async () => {
    await patchConfig({ admins: ['administrator', 'ops'], tags: [{ key: 'team', value: 'a' }] });
    const patched = await patchConfig({
      details: { name: 'Renamed' },
      messaging: { recallLimitSeconds: 600 },
      tags: [{ key: 'tier', value: 'gold' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json.revision).toBe(3);
    expect(patched.headers.etag).toBe('"3"');
    const { config } = patched.json;
    expect(config.details).toEqual({ name: 'Renamed', introduction: '', description: '', type: 'social' });
    expect(config.messaging.recallLimitSeconds).toBe(600);
    expect(config.messaging.historyRetentionDays).toBe(7);
    expect(config.admins).toEqual(['administrator', 'ops']);
    expect(config.tags).toEqual([{ key: 'tier', value: 'gold' }]);
  });

  it('reaches the opened app at once (the gateway’s view)', async () => {
    await fx.appConfig.runtime(app.sdkAppId);
    await patchConfig({ messaging: { recallLimitSeconds: 30 } });
    const runtime = await fx.appConfig.runtime(app.sdkAppId);
    expect(runtime.config.messaging.recallLimitSeconds).toBe(30);
    expect(runtime.revision).toBe(2);
  });

  it('applies the change when If-Match names the current revision, and refuses a stale one with 409 REVISION_CONFLICT', async () => {
    const read = await fx.inject<ConfigReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
    });
    const etag = String(read.headers.etag);
    const first = await patchConfig({ details: { name: 'Mine' } }, { 'if-match': etag });
    expect(first.status).toBe(200);

    const stale = await patchConfig({ details: { name: 'Theirs' } }, { 'if-match': etag });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { code: 91061, name: 'REVISION_CONFLICT' } });
    expect((await fx.appConfig.get(app.sdkAppId)).config.details.name).toBe('Mine');

    // Unquoted revisions are accepted too.
    const current = await patchConfig(
      { details: { name: 'Theirs' } },
      { 'if-match': String(first.json.revision) },
    );
    expect(current.status).toBe(200);
  });

  it('refuses an If-Match that is not a revision with INVALID_REQUEST', async () => {
    const refused = await patchConfig({ details: { name: 'x' } }, { 'if-match': 'W/"abc"' });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { name: 'INVALID_REQUEST' } });
  });

  it('refuses null, which the docs accept nowhere, with CONFIG_INVALID, and changes nothing', async () => {
    const refused = await patchConfig('null', { 'content-type': 'application/json' });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { code: 91060, name: 'CONFIG_INVALID' } });
    expect((await fx.appConfig.get(app.sdkAppId)).revision).toBe(1);
  });

  it('refuses a bad change with CONFIG_INVALID listing each bad field, and changes nothing', async () => {
    const refused = await patchConfig({
      admins: ['administrator', 'administrator'],
      messaging: { recallLimitSeconds: 10_000_000, friendshipCheck: 'yes' },
      multiLogin: { policy: 'everywhere' },
      offlinePush: { apns: [{ ...apns, bundleId: 'nodots', certificate: 'not base64!' }] },
      plan: { unknown: 1 },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { code: 91060, name: 'CONFIG_INVALID' } });
    const paths = (refused.json.error.fields ?? []).map((field) => field.path).sort();
    expect(paths).toEqual([
      'admins.1',
      'messaging.friendshipCheck',
      'messaging.recallLimitSeconds',
      'multiLogin.policy',
      'offlinePush.apns.0.bundleId',
      'offlinePush.apns.0.certificate',
      'plan',
    ]);
    expect((await fx.appConfig.get(app.sdkAppId)).revision).toBe(1);
  });
});

describe('secrets in the configuration', () => {
  it('are redacted as "********" in the PATCH reply and in every read', async () => {
    const patched = await setSecrets();
    const redactedSecrets = {
      callbacks: { token: REDACTED },
      offlinePush: {
        apns: [{ certificate: REDACTED, password: REDACTED }],
        android: [{ appKey: REDACTED, appSecret: REDACTED }],
      },
    };
    expect(patched.json.config).toMatchObject(redactedSecrets);

    const readConfig = await fx.inject<ConfigReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
    });
    expect(readConfig.json.config).toMatchObject(redactedSecrets);
    const readApp = await fx.inject<AppView>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(readApp.json.config).toMatchObject(redactedSecrets);
    const statusReply = await fx.inject<AppView>({
      method: 'PUT',
      url: `/v1/apps/${app.sdkAppId}/status`,
      auth: fx.operator,
      body: { status: 'disabled' },
    });
    expect(statusReply.json.config).toMatchObject(redactedSecrets);
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/secret/rotate`,
      auth: fx.operator,
    });
    expect(rotated.json.app.config).toMatchObject(redactedSecrets);
    const listed = await fx.inject<ListReply>({ method: 'GET', url: '/v1/apps', auth: fx.operator });
    expect(listed.json.apps[0]?.config).toMatchObject(redactedSecrets);
    const terminated = await fx.inject<AppView>({
      method: 'DELETE',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.operator,
    });
    expect(terminated.json.config).toMatchObject(redactedSecrets);
    // The fixture also fails any reply above that carried one of the secrets in clear, anywhere in its body.
  });

  it('are in clear only in the opened app, where the gateway and the callbacks need them', async () => {
    await setSecrets();
    const runtime = await fx.appConfig.runtime(app.sdkAppId);
    expect(runtime.config.callbacks.token).toBe(CALLBACK_TOKEN);
    expect(runtime.config.offlinePush.apns[0]).toMatchObject({
      certificate: APNS_CERTIFICATE,
      password: APNS_PASSWORD,
    });
    expect(runtime.config.offlinePush.android[0]).toMatchObject({
      appKey: ANDROID_APP_KEY,
      appSecret: ANDROID_APP_SECRET,
    });
  });

  it('sending the whole redacted configuration back keeps every secret', async () => {
    await setSecrets();
    const read = await fx.inject<ConfigReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
    });
    const roundTrip = structuredClone(read.json.config);
    roundTrip.details.name = 'Round trip';
    const patched = await patchConfig(roundTrip, { 'if-match': String(read.headers.etag) });
    expect(patched.status).toBe(200);
    const runtime = await fx.appConfig.runtime(app.sdkAppId);
    expect(runtime.config.details.name).toBe('Round trip');
    expect(runtime.config.callbacks.token).toBe(CALLBACK_TOKEN);
    expect(runtime.config.offlinePush.apns[0]).toMatchObject({
      certificate: APNS_CERTIFICATE,
      password: APNS_PASSWORD,
    });
    expect(runtime.config.offlinePush.android[0]).toMatchObject({
      appKey: ANDROID_APP_KEY,
      appSecret: ANDROID_APP_SECRET,
    });
  });

  it('"********" keeps a secret of a list item matched by identity, even when the list is reordered', async () => {
    await setSecrets();
    const second = { ...apns, environment: 'development', certificate: 'QUJDRA==', password: '' };
    await patchConfig({
      offlinePush: { apns: [{ ...apns, certificate: REDACTED, password: REDACTED }, second] },
    });
    await patchConfig({
      offlinePush: {
        apns: [
          { ...second, certificate: REDACTED },
          { ...apns, certificate: REDACTED, password: REDACTED },
        ],
      },
    });
    const runtime = await fx.appConfig.runtime(app.sdkAppId);
    expect(runtime.config.offlinePush.apns).toEqual([
      { ...second, certificate: 'QUJDRA==' },
      { ...apns, certificate: APNS_CERTIFICATE, password: APNS_PASSWORD },
    ]);
  });

  it('a new value replaces a secret, and "" clears an optional one', async () => {
    await setSecrets();
    fx.rememberConfigSecret('cb-token-replaced-4e9a2d');
    await patchConfig({ callbacks: { token: 'cb-token-replaced-4e9a2d' } });
    expect((await fx.appConfig.runtime(app.sdkAppId)).config.callbacks.token).toBe(
      'cb-token-replaced-4e9a2d',
    );
    const cleared = await patchConfig({ callbacks: { token: '' } });
    expect(cleared.json.config.callbacks.token).toBe('');
    expect((await fx.appConfig.runtime(app.sdkAppId)).config.callbacks.token).toBe('');
  });

  it('refuses "********" where there is no secret to keep (a new certificate) with CONFIG_INVALID at its path', async () => {
    const refused = await patchConfig({ offlinePush: { apns: [{ ...apns, certificate: REDACTED }] } });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: { name: 'CONFIG_INVALID', fields: [{ path: 'offlinePush.apns.0.certificate' }] },
    });
  });
});
