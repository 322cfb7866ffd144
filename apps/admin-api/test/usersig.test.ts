import { verifyUserSig } from '@parley/usersig';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import type { ErrorReply, RotateReply, UserSigReply } from './support/replies.ts';

let fx: AdminApiFixture;
let app: CreatedApp;
beforeEach(async () => {
  fx = await startAdminApi();
  app = await fx.createApp();
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

function issue(body: unknown, auth = fx.operator) {
  return fx.inject<UserSigReply & ErrorReply>({
    method: 'POST',
    url: `/v1/apps/${app.sdkAppId}/usersig`,
    auth,
    body,
  });
}

const nowSeconds = () => Math.floor(fx.now() / 1000);

describe('POST /v1/apps/:sdkAppId/usersig', () => {
  it('issues a UserSig that verifies against the secret key returned at creation, valid 180 days by default', async () => {
    const issued = await issue({ userId: 'alice' });
    expect(issued.status).toBe(200);
    expect(issued.json).toMatchObject({ userId: 'alice', expireSeconds: 180 * 86_400 });
    const verified = verifyUserSig({
      sdkAppId: app.sdkAppId,
      secretKey: app.secretKey,
      userId: 'alice',
      userSig: issued.json.userSig,
      now: nowSeconds(),
    });
    expect(verified.issuedAt).toBe(nowSeconds());
    expect(verified.expiresAt).toBe(nowSeconds() + 180 * 86_400);
  });

  it('honours expireSeconds, after which the sig no longer verifies', async () => {
    const issued = await issue({ userId: 'alice', expireSeconds: 60 });
    const check = (now: number) =>
      verifyUserSig({
        sdkAppId: app.sdkAppId,
        secretKey: app.secretKey,
        userId: 'alice',
        userSig: issued.json.userSig,
        now,
      });
    expect(check(nowSeconds() + 60).expiresAt).toBe(nowSeconds() + 60);
    expect(() => check(nowSeconds() + 61)).toThrow(expect.objectContaining({ errorName: 'USERSIG_EXPIRED' }));
  });

  it('binds the sig to its app and identifier', async () => {
    const issued = await issue({ userId: 'alice' });
    const base = { secretKey: app.secretKey, userSig: issued.json.userSig, now: nowSeconds() };
    expect(() => verifyUserSig({ ...base, sdkAppId: app.sdkAppId, userId: 'bob' })).toThrow(
      expect.objectContaining({ errorName: 'USERSIG_IDENTIFIER_MISMATCH' }),
    );
    expect(() => verifyUserSig({ ...base, sdkAppId: app.sdkAppId + 1, userId: 'alice' })).toThrow(
      expect.objectContaining({ errorName: 'USERSIG_APP_MISMATCH' }),
    );
  });

  it('signs with the rotated key after a rotation', async () => {
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/secret/rotate`,
      auth: fx.operator,
    });
    const issued = await issue({ userId: 'alice' });
    const input = {
      sdkAppId: app.sdkAppId,
      userId: 'alice',
      userSig: issued.json.userSig,
      now: nowSeconds(),
    };
    expect(() => verifyUserSig({ ...input, secretKey: rotated.json.secretKey })).not.toThrow();
    expect(() => verifyUserSig({ ...input, secretKey: app.secretKey })).toThrow(
      expect.objectContaining({ errorName: 'USERSIG_SIGNATURE_MISMATCH' }),
    );
  });

  it('issues an admin’s sig that the API itself accepts as app-admin credentials', async () => {
    const issued = await issue({ userId: 'administrator' }, fx.appAdmin(app));
    expect(issued.status).toBe(200);
    const read = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: `UserSig administrator ${issued.json.userSig}`,
    });
    expect(read.status).toBe(200);
  });

  it('refuses a bad UserID or lifetime with INVALID_REQUEST naming the field', async () => {
    const cases = [
      [{ userId: 'a'.repeat(33) }, 'body.userId'],
      [{ userId: 'a:b' }, 'body.userId'],
      [{ userId: 'alice', expireSeconds: 0 }, 'body.expireSeconds'],
      [{ userId: 'alice', expireSeconds: 1.5 }, 'body.expireSeconds'],
      [{ userId: 'alice', expireSeconds: 11 * 365 * 86_400 }, 'body.expireSeconds'],
    ] as const;
    for (const [body, path] of cases) {
      const refused = await issue(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.fields?.map((field) => field.path)).toEqual([path]);
    }
  });

  it('answers 404 APP_NOT_FOUND to the operator for an unknown app', async () => {
    const refused = await fx.inject({
      method: 'POST',
      url: '/v1/apps/1400009999/usersig',
      auth: fx.operator,
      body: { userId: 'alice' },
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.name).toBe('APP_NOT_FOUND');
  });
});
