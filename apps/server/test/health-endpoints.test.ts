import { startTestParley } from '@parley/testing';
import { describe, expect, it } from 'vitest';

describe('health endpoints on both ports (the image HEALTHCHECK and load balancers use them)', () => {
  it('answers /healthz and /readyz, with the storage checks, on the admin API and on the gateway port', async () => {
    const parley = await startTestParley();
    try {
      const gatewayHttp = parley.wsUrl.replace('ws://', 'http://').replace('/v1/ws', '');
      for (const base of [parley.adminUrl, gatewayHttp]) {
        const live = await fetch(`${base}/healthz`);
        expect(live.status).toBe(200);
        expect(await live.json()).toEqual({ status: 'ok' });
        const ready = await fetch(`${base}/readyz`);
        expect(ready.status).toBe(200);
        const body = (await ready.json()) as { status: string; checks: Record<string, string> };
        expect(body.status).toBe('ready');
        expect(body.checks.sqlite).toBe('ok');
      }
    } finally {
      await parley.close();
    }
  });
});
