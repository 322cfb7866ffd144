import { randomBytes } from 'node:crypto';
import { AppConfigService } from '@parley/app-config';
import type { MessageStore } from '@parley/domain';
import { createSecretBox } from '@parley/secret-box';
import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { namedAppConfig } from '@parley/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { restampRetentionOnChange } from '../src/retention-restamp.ts';

const DAY = 86_400_000;

describe('a changed history storage period reaches the message store', () => {
  it('calls applyRetention with the new period once per change of it, not for other changes', async () => {
    const db = openEmbeddedDatabase(':memory:');
    const { apps, messages } = createEmbeddedStores({ db });
    const appConfig = new AppConfigService({
      store: apps,
      secretBox: createSecretBox(randomBytes(32)),
      regions: ['local'],
    });
    const calls: [number, number][] = [];
    // The message store as the re-stamp sees it, recording what it is asked to apply.
    const recording: MessageStore = {
      ...messages,
      applyRetention: async (sdkAppId, retentionMs) => void calls.push([sdkAppId, retentionMs]),
    };
    const stop = restampRetentionOnChange(appConfig, recording, pino({ level: 'silent' }));
    try {
      const { sdkAppId } = await appConfig.create(namedAppConfig(undefined));
      await appConfig.patch(sdkAppId, { messaging: { historyRetentionDays: 30 } });
      await appConfig.patch(sdkAppId, { messaging: { recallLimitSeconds: 60 } });
      await appConfig.patch(sdkAppId, { messaging: { historyRetentionDays: 3 } });
      const deadline = Date.now() + 5_000;
      while (calls.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // The first change seen of the app re-stamps (the period may have changed before this process saw it).
      expect(calls).toEqual([
        [sdkAppId, 7 * DAY],
        [sdkAppId, 30 * DAY],
        [sdkAppId, 3 * DAY],
      ]);
    } finally {
      stop();
      db.close();
    }
  });
});
