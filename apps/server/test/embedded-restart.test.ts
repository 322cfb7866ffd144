import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfigService, type RuntimeApp } from '@parley/app-config';
import { createSecretBox, loadOrCreateMasterKeyFile } from '@parley/secret-box';
import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { startTestParley } from '@parley/testing';
import { afterEach, describe, expect, it } from 'vitest';

describe('embedded default across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps apps, their configuration, secrets and accounts, and the generated operator token and master key', async () => {
    const first = await startTestParley({}, { dataDir });
    expect(first.server.operatorTokenCreated).toBe(true);
    const { sdkAppId, secretKey } = await first.createApp({ details: { name: 'Durable' } });
    const patched = await first.admin('PATCH', `/v1/apps/${sdkAppId}/config`, {
      messaging: { recallLimitSeconds: 30 },
      callbacks: { token: 'secret-token' },
    });
    expect(patched.status).toBe(200);
    await first.admin('POST', `/v1/apps/${sdkAppId}/users`, { accounts: [{ userId: 'alice' }] });
    const token = first.operatorToken;
    await first.close();

    // Generated secrets are readable by their owner only.
    expect(statSync(join(dataDir, 'operator-token')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const second = await startTestParley({}, { dataDir });
    try {
      expect(second.server.operatorTokenCreated).toBe(false);
      expect(second.operatorToken).toBe(token);
      const config = await second.admin('GET', `/v1/apps/${sdkAppId}/config`);
      expect(config.body).toMatchObject({
        revision: 2,
        config: {
          details: { name: 'Durable' },
          messaging: { recallLimitSeconds: 30 },
          callbacks: { token: '********' },
        },
      });
      // The sealed secrets open with the master key the data dir kept (read through the app store, as a second
      // process would).
      const opened = await openAppWithDataDirKey(dataDir, sdkAppId);
      expect(opened.secretKey).toBe(secretKey);
      expect(opened.config.callbacks.token).toBe('secret-token');
      const users = await second.admin('POST', `/v1/apps/${sdkAppId}/users/check`, { userIds: ['alice'] });
      expect(users.body).toEqual({ results: [{ userId: 'alice', exists: true }] });
    } finally {
      await second.close();
    }
  });
});

async function openAppWithDataDirKey(dataDir: string, sdkAppId: number): Promise<RuntimeApp> {
  const db = openEmbeddedDatabase(join(dataDir, 'parley.db'));
  try {
    const appConfig = new AppConfigService({
      store: createEmbeddedStores({ db }).apps,
      secretBox: createSecretBox(loadOrCreateMasterKeyFile(join(dataDir, 'master.key')).key),
      regions: ['local'],
    });
    return await appConfig.runtime(sdkAppId);
  } finally {
    db.close();
  }
}
