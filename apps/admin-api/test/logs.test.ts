import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';
import type { RotateReply, UserSigReply } from './support/replies.ts';

const CALLBACK_TOKEN = 'log-cb-token-6d1f8a3c9e';

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
  fx.rememberConfigSecret(CALLBACK_TOKEN);
});
afterEach(async () => {
  await fx.close();
});

interface LogLine {
  level: number;
  msg: string;
  route?: string;
  status?: number;
  err?: { message?: string; stack?: string };
}

function parsedLogs(): LogLine[] {
  return fx.logLines.map((line) => JSON.parse(line) as LogLine);
}

describe('logs', () => {
  it('carry no secret and no query string across a tour of every route', async () => {
    const app = await fx.createApp();
    const admin = fx.appAdmin(app);
    const secretQuery = `?token=${fx.operatorToken}&usersig=${encodeURIComponent(admin)}&key=${app.secretKey}`;
    const base = `/v1/apps/${app.sdkAppId}`;
    const requests = [
      { method: 'GET', url: `/v1/apps${secretQuery}`, auth: fx.operator },
      { method: 'GET', url: `${base}${secretQuery}`, auth: admin },
      { method: 'GET', url: `${base}/config${secretQuery}`, auth: admin },
      {
        method: 'PATCH',
        url: `${base}/config${secretQuery}`,
        auth: admin,
        body: { callbacks: { url: 'https://hooks.example.com/p', token: CALLBACK_TOKEN } },
      },
      {
        method: 'POST',
        url: `${base}/users${secretQuery}`,
        auth: admin,
        body: { accounts: [{ userId: 'alice' }] },
      },
      { method: 'POST', url: `${base}/users/check${secretQuery}`, auth: admin, body: { userIds: ['alice'] } },
      { method: 'GET', url: `${base}/users/alice${secretQuery}`, auth: admin },
      {
        method: 'PATCH',
        url: `${base}/users/alice${secretQuery}`,
        auth: admin,
        body: { mutedForSeconds: 60 },
      },
      { method: 'POST', url: `${base}/usersig${secretQuery}`, auth: admin, body: { userId: 'alice' } },
      {
        method: 'POST',
        url: `${base}/users/delete${secretQuery}`,
        auth: admin,
        body: { userIds: ['alice'] },
      },
      { method: 'GET', url: `${base}/monitoring${secretQuery}`, auth: admin },
      { method: 'PUT', url: `${base}/status${secretQuery}`, auth: admin, body: { status: 'disabled' } },
      // Refusals log too: a wrong token, a non-admin, a bad body, an unknown route.
      { method: 'GET', url: `/v1/apps${secretQuery}`, auth: `Bearer ${fx.operatorToken}-wrong` },
      { method: 'GET', url: `${base}${secretQuery}`, auth: fx.appAdmin(app, 'alice') },
      {
        method: 'PATCH',
        url: `${base}/config${secretQuery}`,
        auth: admin,
        body: { callbacks: { token: 7 } },
      },
      { method: 'GET', url: `/v1/nothing${secretQuery}`, auth: admin },
      { method: 'GET', url: `/readyz${secretQuery}` },
    ] as const;
    fx.rememberSecret(`${fx.operatorToken}-wrong`);
    const linesBefore = fx.logLines.length;
    for (const request of requests) await fx.inject(request);
    const issued = await fx.inject<UserSigReply>({
      method: 'POST',
      url: `${base}/usersig`,
      auth: admin,
      body: { userId: 'administrator' },
    });
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `${base}/secret/rotate`,
      auth: admin,
    });
    await fx.inject({ method: 'DELETE', url: base, auth: `UserSig administrator ${issued.json.userSig}` });

    // One line per request, naming the route pattern, never the URL.
    const requestLines = parsedLogs()
      .slice(linesBefore)
      .filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(requests.length + 3);
    expect(requestLines.map((line) => line.route)).toContain('/v1/apps/:sdkAppId/users/:userId');
    expect(requestLines.map((line) => line.route)).toContain('unmatched');
    expect(fx.logLines.join('')).not.toContain(String(app.sdkAppId).concat('/users/alice'));

    // The fixture has remembered every secret of this test: the operator token, both secret keys, every UserSig
    // sent or issued, and the callback token.
    expect(rotated.json.secretKey).toMatch(/^[0-9a-f]{64}$/);
    fx.assertLogsClean();
  });

  it('log an unhandled error with its cause, still without secrets or the query string', async () => {
    const app = await fx.createApp();
    const admin = fx.appAdmin(app);
    await fx.appConfig.runtime(app.sdkAppId);
    // A storage failure no adapter mapped: the reply is INTERNAL, the log keeps the cause.
    fx.db.close();
    const failed = await fx.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/users/check?token=${fx.operatorToken}`,
      auth: admin,
      body: { userIds: ['alice'] },
    });
    expect(failed.status).toBe(500);
    expect(failed.json.error).toEqual({ code: 90994, name: 'INTERNAL', message: 'Internal server error.' });
    const errorLines = parsedLogs().filter((line) => line.msg === 'unhandled error');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]?.level).toBe(50);
    expect(errorLines[0]?.err?.message).toContain('database connection is not open');
    fx.assertLogsClean();
  });
});

describe('the leak guards of the fixture', () => {
  it('notice a remembered secret in a log line', async () => {
    fx.rememberSecret('Test app');
    await fx.createApp();
    expect(() => fx.assertLogsClean()).not.toThrow();
    fx.rememberSecret('/v1/apps');
    expect(() => fx.assertLogsClean()).toThrow(/a secret reached a log line/);
  });

  it('notice a configuration secret in a reply body', async () => {
    fx.rememberConfigSecret('Test app');
    await expect(fx.createApp()).rejects.toThrow(/a secret appears in clear in the response body/);
  });
});
