import { afterEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';
import type { ReadyReply } from './support/replies.ts';

let fx: AdminApiFixture | undefined;
afterEach(async () => {
  fx?.assertLogsClean();
  await fx?.close();
  fx = undefined;
});

describe('/healthz', () => {
  it('answers 200 without credentials', async () => {
    fx = await startAdminApi();
    const health = await fx.inject<{ status: string }>({ method: 'GET', url: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
  });
});

describe('/readyz', () => {
  it('answers 200 when every storage check passes', async () => {
    fx = await startAdminApi({ readiness: { other: async () => {} } });
    const ready = await fx.inject<ReadyReply>({ method: 'GET', url: '/readyz' });
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', checks: { sqlite: 'ok', other: 'ok' } });
  });

  it('answers 503 naming the check that failed', async () => {
    fx = await startAdminApi({
      readiness: {
        mysql: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
        },
      },
    });
    const ready = await fx.inject<ReadyReply>({ method: 'GET', url: '/readyz' });
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'unavailable', checks: { sqlite: 'ok', mysql: 'failed' } });
    // The reason stays inside: it may name hosts or credentials.
    expect(ready.text).not.toContain('ECONNREFUSED');
  });

  it('answers 503 when the SQLite database itself is gone', async () => {
    fx = await startAdminApi();
    fx.db.close();
    const ready = await fx.inject<ReadyReply>({ method: 'GET', url: '/readyz' });
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'unavailable', checks: { sqlite: 'failed' } });
  });
});
