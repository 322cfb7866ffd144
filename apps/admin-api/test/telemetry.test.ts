import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, START_TIME, startAdminApi } from './support/admin-api-fixture.ts';

interface MonitoringReply {
  windows: {
    sdkAppId: number | null;
    interface: string;
    windowStart: string;
    windowMs: number;
    calls: number;
    successRate: number;
    avgDelayMs: number;
  }[];
}

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

describe('telemetry of admin calls', () => {
  it('reports each call with its route template and catalogue error, never the URL or a credential', async () => {
    const app = await fx.createApp();
    await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/users/ghost?token=${fx.operatorToken}`,
      auth: fx.operator,
    });
    await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: fx.appAdmin(app) });
    expect(fx.calls.map((call) => [call.sdkAppId, call.interface, call.error?.name])).toEqual([
      [null, 'POST:/v1/apps', undefined],
      [app.sdkAppId, 'GET:/v1/apps/:sdkAppId/users/:userId', 'ACCOUNT_NOT_FOUND'],
      [app.sdkAppId, 'GET:/v1/apps/:sdkAppId', undefined],
    ]);
    const reported = JSON.stringify(fx.calls);
    expect(reported).not.toContain('ghost');
    expect(reported).not.toContain(fx.operatorToken);
    expect(reported).not.toContain(app.secretKey);
    expect(reported).not.toContain('?');
  });

  it('reports a Tencent REST call as /v4/<service>/<command> of its app, never the query string', async () => {
    const app = await fx.createApp();
    const userSig = fx.appAdmin(app).split(' ')[2] as string;
    const query = `sdkappid=${app.sdkAppId}&identifier=administrator&usersig=${userSig}&random=7&contenttype=json`;
    const ok = await fx.inject({
      method: 'POST',
      url: `/v4/im_open_login_svc/account_import?${query}`,
      body: { UserID: 'alice' },
    });
    expect(ok.status).toBe(200);
    await fx.inject({ method: 'POST', url: `/v4/im_open_login_svc/account_check?${query}`, body: {} });
    await fx.inject({ method: 'POST', url: `/v4/im_open_login_svc/nothing?${query}`, body: {} });
    expect(fx.calls.slice(1).map((call) => [call.sdkAppId, call.interface, call.error])).toEqual([
      [app.sdkAppId, 'POST:/v4/im_open_login_svc/account_import', undefined],
      [
        app.sdkAppId,
        'POST:/v4/im_open_login_svc/account_check',
        { code: 70402, name: 'REST_ACCOUNT_BAD_FIELD' },
      ],
      [app.sdkAppId, 'POST:/v4/*', { code: 60002, name: 'REST_BAD_URL' }],
    ]);
    const reported = JSON.stringify(fx.calls);
    expect(reported).not.toContain(userSig);
    expect(reported).not.toContain('?');
    expect(reported).not.toContain('alice');
  });

  it('does not report the documentation or the metrics scrape', async () => {
    await fx.api.inject({ method: 'GET', url: '/docs/json' });
    await fx.api.inject({ method: 'GET', url: '/metrics' });
    expect(fx.calls).toEqual([]);
  });
});

describe('GET /v1/apps/:sdkAppId/monitoring', () => {
  it('returns the success rate per interface per window of this app only', async () => {
    const app = await fx.createApp();
    const other = await fx.createApp();
    const admin = fx.appAdmin(app);
    await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}/config`, auth: admin });
    await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}/users/alice`, auth: admin });
    await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}/users/bob`, auth: admin });
    await fx.inject({ method: 'GET', url: `/v1/apps/${other.sdkAppId}/config`, auth: fx.operator });
    // Close the one-minute window so it is emitted to the sink.
    fx.advance(61_000);
    await fx.telemetry.flush();

    const read = await fx.inject<MonitoringReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/monitoring?from=${new Date(START_TIME - 60_000).toISOString()}`,
      auth: admin,
    });
    expect(read.status).toBe(200);
    const byInterface = Object.fromEntries(read.json.windows.map((w) => [w.interface, w]));
    expect(Object.keys(byInterface).sort()).toEqual([
      'GET:/v1/apps/:sdkAppId/config',
      'GET:/v1/apps/:sdkAppId/users/:userId',
    ]);
    expect(byInterface['GET:/v1/apps/:sdkAppId/users/:userId']).toMatchObject({
      sdkAppId: app.sdkAppId,
      calls: 2,
      successRate: 0,
      windowMs: 60_000,
    });
    expect(byInterface['GET:/v1/apps/:sdkAppId/config']).toMatchObject({ calls: 1, successRate: 1 });
  });

  it('filters by interface and refuses a malformed time with INVALID_REQUEST', async () => {
    const app = await fx.createApp();
    await fx.inject({ method: 'GET', url: `/v1/apps/${app.sdkAppId}/config`, auth: fx.operator });
    fx.advance(61_000);
    await fx.telemetry.flush();
    const filtered = await fx.inject<MonitoringReply>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/monitoring?interface=GET:/v1/apps/:sdkAppId&from=${new Date(START_TIME - 60_000).toISOString()}`,
      auth: fx.operator,
    });
    expect(filtered.json.windows).toEqual([]);
    const refused = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/monitoring?from=yesterday`,
      auth: fx.operator,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields?.map((field) => field.path)).toEqual(['querystring.from']);
  });
});

describe('GET /metrics', () => {
  it('serves the Prometheus text with the telemetry counters and nothing about users or apps', async () => {
    const app = await fx.createApp();
    const scrape = await fx.api.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    expect(scrape.body).toContain('parley_telemetry_events_sent_total');
    expect(scrape.body).not.toContain(String(app.sdkAppId));
  });
});
