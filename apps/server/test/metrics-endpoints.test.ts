import { startTestParley } from '@parley/testing';
import { describe, expect, it } from 'vitest';

describe('Prometheus /metrics on both apps', () => {
  it('serves process and telemetry metrics on the admin API and on the gateway port', async () => {
    const parley = await startTestParley();
    try {
      await parley.createApp();
      const gatewayHttp = parley.wsUrl.replace('ws://', 'http://').replace('/v1/ws', '');
      for (const base of [parley.adminUrl, gatewayHttp]) {
        const response = await fetch(`${base}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/plain');
        const text = await response.text();
        expect(text).toContain('process_cpu_user_seconds_total');
        expect(text).toContain('parley_telemetry_events_sent_total');
      }
      // Anything else on the gateway port is a request to upgrade.
      expect((await fetch(`${gatewayHttp}/`)).status).toBe(426);
    } finally {
      await parley.close();
    }
  });
});
