import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';

let fx: AdminApiFixture;
beforeEach(async () => {
  fx = await startAdminApi();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

describe('error replies', () => {
  it('answers an unknown route with 404 NOT_FOUND naming it without its query string', async () => {
    const missing = await fx.inject({ method: 'GET', url: '/v1/nothing?token=abc' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({
      code: 91090,
      name: 'NOT_FOUND',
      message: 'No such resource. GET /v1/nothing',
    });
  });

  it('answers a body that is not JSON with 400 MALFORMED_JSON', async () => {
    const app = await fx.createApp();
    const malformed = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      headers: { 'content-type': 'application/json' },
      body: '{"details": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({ code: 90001, name: 'MALFORMED_JSON' });
  });

  it('answers a body over 1 MiB with 413', async () => {
    const tooLarge = await fx.inject({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      body: { details: { name: 'x'.repeat(1024 * 1024) } },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.error.name).toBe('FRAME_TOO_LARGE');
  });

  it('answers a media type it cannot parse with 400 INVALID_REQUEST', async () => {
    const wrongType = await fx.inject({
      method: 'POST',
      url: '/v1/apps',
      auth: fx.operator,
      headers: { 'content-type': 'application/xml' },
      body: '<details/>',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.name).toBe('INVALID_REQUEST');
  });

  it('answers any other refusal of fastify’s own (a Content-Length that does not match) with 400, not 500', async () => {
    const app = await fx.createApp();
    for (const length of ['1', '50']) {
      const reply = await fx.api.inject({
        method: 'PATCH',
        url: `/v1/apps/${app.sdkAppId}/config`,
        headers: { authorization: fx.operator, 'content-type': 'application/json', 'content-length': length },
        payload: '{"details":{"name":"x"}}',
      });
      expect(reply.statusCode, length).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({
        error: { code: 20001, name: 'INVALID_REQUEST', message: 'The request is invalid.' },
      });
    }
    expect(fx.logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});
