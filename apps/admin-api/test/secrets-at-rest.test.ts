import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';
import type { RotateReply } from './support/replies.ts';

const CALLBACK_TOKEN = 'rest-cb-token-2c7e9f1a4b';
const APNS_CERTIFICATE = Buffer.from('-----P12 at rest 8d3f6a2e-----').toString('base64');
const APNS_PASSWORD = 'rest-p12-pass-5a1c7e3b';
const ANDROID_APP_SECRET = 'rest-android-secret-9e4b2d6f';

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
  for (const secret of [CALLBACK_TOKEN, APNS_CERTIFICATE, APNS_PASSWORD, ANDROID_APP_SECRET]) {
    fx.rememberConfigSecret(secret);
  }
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

interface AppRow {
  config: string;
  sealed_secret_key: string;
}

describe('secrets at rest (SQLite)', () => {
  it('stores neither the secret key nor any configuration secret in clear', async () => {
    const app = await fx.createApp();
    const patched = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: {
        callbacks: { url: 'https://hooks.example.com/parley', token: CALLBACK_TOKEN },
        offlinePush: {
          apns: [
            {
              bundleId: 'com.example.chat',
              environment: 'production',
              certificate: APNS_CERTIFICATE,
              password: APNS_PASSWORD,
            },
          ],
          android: [
            { vendor: 'fcm', packageName: 'com.example.chat', appId: 'p-1', appSecret: ANDROID_APP_SECRET },
          ],
        },
      },
    });
    expect(patched.status).toBe(200);
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/secret/rotate`,
      auth: fx.operator,
    });
    const plaintexts = [
      CALLBACK_TOKEN,
      APNS_CERTIFICATE,
      APNS_PASSWORD,
      ANDROID_APP_SECRET,
      app.secretKey,
      rotated.json.secretKey,
    ];

    const rows = fx.db.prepare('select config, sealed_secret_key from apps').all() as AppRow[];
    expect(rows).toHaveLength(1);
    const row = rows[0] as AppRow;
    for (const plaintext of plaintexts) {
      expect(row.config).not.toContain(plaintext);
      expect(row.sealed_secret_key).not.toContain(plaintext);
    }

    // The secrets are there, sealed (AES-256-GCM, `v1:` format), each in its own place.
    const stored = JSON.parse(row.config) as {
      callbacks: { token: string; url: string };
      offlinePush: { apns: { certificate: string; password: string }[]; android: { appSecret: string }[] };
    };
    expect(row.sealed_secret_key).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(stored.callbacks.token).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(stored.offlinePush.apns[0]?.certificate).toMatch(/^v1:/);
    expect(stored.offlinePush.apns[0]?.password).toMatch(/^v1:/);
    expect(stored.offlinePush.android[0]?.appSecret).toMatch(/^v1:/);
    // Non-secret fields stay readable, so the sealing is targeted rather than a blob.
    expect(stored.callbacks.url).toBe('https://hooks.example.com/parley');

    // Nowhere else in the database either: the whole in-memory image, every table and page.
    const image = fx.db.serialize().toString('latin1');
    for (const plaintext of plaintexts) expect(image.includes(plaintext), 'database image').toBe(false);
  });

  it('re-seals a kept secret rather than storing the "********" placeholder', async () => {
    const app = await fx.createApp({ callbacks: { token: CALLBACK_TOKEN } });
    const before = (fx.db.prepare('select config from apps').get() as AppRow).config;
    await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: { callbacks: { token: '********' }, details: { name: 'Kept' } },
    });
    const after = JSON.parse((fx.db.prepare('select config from apps').get() as AppRow).config) as {
      callbacks: { token: string };
    };
    expect(after.callbacks.token).toMatch(/^v1:/);
    expect(after.callbacks.token).not.toBe('********');
    expect(before).not.toContain(CALLBACK_TOKEN);
    expect((await fx.appConfig.runtime(app.sdkAppId)).config.callbacks.token).toBe(CALLBACK_TOKEN);
  });
});
