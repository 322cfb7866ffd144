import { startTestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';

interface Window {
  interface: string;
  calls: number;
  successRate: number;
  avgDelayMs: number;
  windowStart: string;
}

describe('monitoring API: success rate and average delay per interface, read from stored monitoring data', () => {
  it('aggregates REST and WebSocket interfaces per window and reaches back at most 2 days', async () => {
    const start = Date.UTC(2026, 10, 1, 10, 0, 0);
    let time = start;
    const parley = await startTestParley({}, { clock: { now: () => time } });
    try {
      const { sdkAppId, secretKey } = await parley.createApp();
      for (let i = 0; i < 3; i += 1) await parley.admin('GET', `/v1/apps/${sdkAppId}/config`);
      await parley.admin('PATCH', `/v1/apps/${sdkAppId}/config`, { messaging: { recallLimitSeconds: -1 } });
      const socket = await TestSocket.open(parley.wsUrl);
      const userSig = genUserSig({
        sdkAppId,
        secretKey,
        userId: 'alice',
        expireSeconds: 600,
        now: start / 1000,
      });
      await socket.ok('login', { sdkAppId, userId: 'alice', userSig, platform: 'web' });
      await socket.fail('send', {
        to: 'nobody',
        random: 1,
        body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }],
      });
      socket.close();

      // Close the window and store it.
      time = start + 120_000;
      await parley.server.flushTelemetry();

      const from = new Date(start - 60_000).toISOString();
      const to = new Date(time).toISOString();
      const reply = await parley.admin('GET', `/v1/apps/${sdkAppId}/monitoring?from=${from}&to=${to}`);
      expect(reply.status).toBe(200);
      const windows = (reply.body as { windows: Window[] }).windows;
      const byInterface = new Map(windows.map((w) => [w.interface, w]));
      expect(byInterface.get('GET:/v1/apps/:sdkAppId/config')).toMatchObject({ calls: 3, successRate: 1 });
      expect(byInterface.get('PATCH:/v1/apps/:sdkAppId/config')).toMatchObject({ calls: 1, successRate: 0 });
      expect(byInterface.get('ws.login')).toMatchObject({ calls: 1, successRate: 1 });
      expect(byInterface.get('ws.send')).toMatchObject({ calls: 1, successRate: 0 });
      for (const w of windows) expect(w.avgDelayMs).toBeGreaterThanOrEqual(0);

      const onlySend = await parley.admin(
        'GET',
        `/v1/apps/${sdkAppId}/monitoring?interface=ws.send&from=${from}&to=${to}`,
      );
      expect((onlySend.body as { windows: Window[] }).windows.map((w) => w.interface)).toEqual(['ws.send']);

      // Two days later the window is past the policy's retention: the API no longer reaches it.
      time = start + 2 * 86_400_000 + 120_001;
      const later = await parley.admin('GET', `/v1/apps/${sdkAppId}/monitoring?from=${from}&to=${to}`);
      expect((later.body as { windows: Window[] }).windows).toEqual([]);
    } finally {
      await parley.close();
    }
  });
});
