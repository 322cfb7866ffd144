import { startTestParley, type TestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let parley: TestParley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(() => parley.close());

async function asAdmin(sdkAppId: number, secretKey: string, path: string) {
  const userSig = genUserSig({ sdkAppId, secretKey, userId: 'administrator', expireSeconds: 3600 });
  const response = await fetch(`${parley.adminUrl}/v1/apps/${sdkAppId}${path}`, {
    headers: { authorization: `UserSig administrator ${userSig}` },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('app-scoped routes of the whole server (dead letters included)', () => {
  it.each([
    ['GET', '/v1/apps/1/monitoring'],
    ['GET', '/v1/apps/1/callbacks/dead-letters'],
    ['POST', '/v1/apps/1/callbacks/dead-letters/1/replay'],
    ['POST', '/v1/apps/1/users/check', { userIds: ['alice'] }],
  ] as const)(
    '%s %s: 404 APP_NOT_FOUND to the operator for an app that does not exist',
    async (method, path, body?) => {
      const reply = await parley.admin(method, path, body);
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ error: expect.objectContaining({ code: 70020, name: 'APP_NOT_FOUND' }) });
    },
  );

  it('a terminated app’s dead letters: 410 APP_TERMINATED to its admin, 200 to the operator', async () => {
    const { sdkAppId, secretKey } = await parley.createApp();
    expect((await asAdmin(sdkAppId, secretKey, '/callbacks/dead-letters')).status).toBe(200);
    expect((await parley.admin('DELETE', `/v1/apps/${sdkAppId}`)).status).toBe(200);

    const admin = await asAdmin(sdkAppId, secretKey, '/callbacks/dead-letters');
    expect(admin.status).toBe(410);
    expect(admin.body).toEqual({ error: expect.objectContaining({ code: 91011, name: 'APP_TERMINATED' }) });
    expect((await parley.admin('GET', `/v1/apps/${sdkAppId}/callbacks/dead-letters`)).status).toBe(200);
  });
});
