import { startTestParley } from '@parley/testing';
import { describe, expect, it } from 'vitest';

describe('a changed history storage period reaches the message store', () => {
  it('calls applyRetention with the new period once per change of it, not for other changes', async () => {
    const parley = await startTestParley();
    try {
      const calls: [number, number][] = [];
      parley.server.backends.messages.applyRetention = async (sdkAppId, retentionMs) => {
        calls.push([sdkAppId, retentionMs]);
      };
      const { sdkAppId } = await parley.createApp();
      const patch = (body: unknown) => parley.admin('PATCH', `/v1/apps/${sdkAppId}/config`, body);
      await patch({ messaging: { historyRetentionDays: 30 } });
      await patch({ messaging: { recallLimitSeconds: 60 } });
      await patch({ messaging: { historyRetentionDays: 3 } });
      const deadline = Date.now() + 5_000;
      while (calls.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // The first change seen of the app re-stamps (the period may have changed before this process saw it).
      expect(calls).toEqual([
        [sdkAppId, 7 * 86_400_000],
        [sdkAppId, 30 * 86_400_000],
        [sdkAppId, 3 * 86_400_000],
      ]);
    } finally {
      await parley.close();
    }
  });
});
