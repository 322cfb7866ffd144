import { startTestParley, type TestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TencentRest, tencentRest } from './support/tencent-rest.ts';

/**
 * Tencent's REST envelope on /v4 (docs/tencent-rest.md): every reply that reached Parley is HTTP 200 with
 * `{ ActionStatus, ErrorCode, ErrorInfo }`, failures carry Tencent's codes, and a refused call changes nothing.
 */
let parley: TestParley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley.close();
});

async function newApp(config?: unknown): Promise<{ sdkAppId: number; secretKey: string; rest: TencentRest }> {
  const app = await parley.createApp(config);
  return { ...app, rest: tencentRest(parley.adminUrl, app.sdkAppId, app.secretKey) };
}

async function isImported(rest: TencentRest, userId: string): Promise<boolean> {
  const reply = await rest.call('im_open_login_svc/account_check', { CheckItem: [{ UserID: userId }] });
  expect(reply.body.ActionStatus).toBe('OK');
  return (reply.body.ResultItem as { AccountStatus: string }[])[0]?.AccountStatus === 'Imported';
}

function failed(code: number) {
  return { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code }) };
}

describe('the /v4 envelope', () => {
  it('answers OK with ErrorCode 0 and an empty ErrorInfo', async () => {
    const { rest } = await newApp();
    const reply = await rest.call('im_open_login_svc/account_import', { UserID: 'alice' });
    expect(reply).toEqual({ status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } });
  });

  it('answers an unknown command or service with 60002, HTTP 200', async () => {
    const { rest } = await newApp();
    expect(await rest.call('im_open_login_svc/no_such_command', {})).toEqual(failed(60002));
    expect(await rest.call('no_such_service/sendmsg', {})).toEqual(failed(60002));
    expect(await rest.call('openim', {})).toEqual(failed(60002));
  });

  it('answers a missing sdkappid with 60012 and a bad or unknown one with 60006', async () => {
    const { rest } = await newApp();
    const command = 'im_open_login_svc/account_import';
    expect(await rest.call(command, { UserID: 'a' }, { query: { sdkappid: undefined } })).toEqual(
      failed(60012),
    );
    expect(await rest.call(command, { UserID: 'a' }, { query: { sdkappid: 'abc' } })).toEqual(failed(60006));
    expect(await rest.call(command, { UserID: 'a' }, { query: { sdkappid: '1' } })).toEqual(failed(60006));
    expect(await rest.call(command, { UserID: 'a' }, { query: { sdkappid: '1499999999' } })).toEqual(
      failed(60006),
    );
  });

  it('answers a missing identifier or usersig with 60002', async () => {
    const { rest } = await newApp();
    const command = 'im_open_login_svc/account_import';
    expect(await rest.call(command, { UserID: 'a' }, { query: { identifier: undefined } })).toEqual(
      failed(60002),
    );
    expect(await rest.call(command, { UserID: 'a' }, { query: { usersig: undefined } })).toEqual(
      failed(60002),
    );
  });

  it('refuses an identifier that is not an admin with 60010, even with its own valid UserSig', async () => {
    const { sdkAppId, secretKey, rest } = await newApp();
    const alice = tencentRest(parley.adminUrl, sdkAppId, secretKey, 'alice');
    expect(await alice.call('im_open_login_svc/account_import', { UserID: 'mallory' })).toEqual(
      failed(60010),
    );
    expect(await isImported(rest, 'mallory')).toBe(false);
  });

  it('refuses forged, expired, mismatched UserSigs with Tencent’s 700xx codes, changing nothing', async () => {
    const { sdkAppId, secretKey, rest } = await newApp();
    const command = 'im_open_login_svc/account_import';
    const body = { UserID: 'mallory' };
    const forged = genUserSig({
      sdkAppId,
      secretKey: 'not-the-key',
      userId: 'administrator',
      expireSeconds: 600,
    });
    expect(await rest.call(command, body, { query: { usersig: forged } })).toEqual(failed(70009));
    const expired = genUserSig({
      sdkAppId,
      secretKey,
      userId: 'administrator',
      expireSeconds: 60,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(await rest.call(command, body, { query: { usersig: expired } })).toEqual(failed(70001));
    const otherUser = genUserSig({ sdkAppId, secretKey, userId: 'someone', expireSeconds: 600 });
    expect(await rest.call(command, body, { query: { usersig: otherUser } })).toEqual(failed(70013));
    expect(await rest.call(command, body, { query: { usersig: 'garbage' } })).toEqual(failed(70003));
    expect(await isImported(rest, 'mallory')).toBe(false);
  });

  it('answers a body that is not a JSON object with 60003', async () => {
    const { rest } = await newApp();
    const command = 'im_open_login_svc/account_import';
    expect(await rest.call(command, undefined, { raw: '{"UserID": ' })).toEqual(failed(60003));
    expect(await rest.call(command, undefined, { raw: '["alice"]' })).toEqual(failed(60003));
    expect(await rest.call(command, undefined, { raw: '42' })).toEqual(failed(60003));
  });

  it('reads the JSON body whatever the Content-Type, or with none', async () => {
    const { rest } = await newApp();
    const command = 'im_open_login_svc/account_import';
    expect((await rest.call(command, { UserID: 'a' }, { contentType: 'text/plain' })).body.ErrorCode).toBe(0);
    expect((await rest.call(command, { UserID: 'b' }, { contentType: null })).body.ErrorCode).toBe(0);
    const form = 'application/x-www-form-urlencoded';
    expect((await rest.call(command, { UserID: 'c' }, { contentType: form })).body.ErrorCode).toBe(0);
    expect(await isImported(rest, 'c')).toBe(true);
  });

  it('answers a body over 1 MB with 93000', async () => {
    const { rest } = await newApp();
    const big = JSON.stringify({ UserID: 'alice', Nick: 'x'.repeat(1024 * 1024) });
    expect(await rest.call('im_open_login_svc/account_import', undefined, { raw: big })).toEqual(
      failed(93000),
    );
  });

  it('accepts GET with a JSON body (some client libraries send account_check that way)', async () => {
    const { rest } = await newApp();
    await rest.call('im_open_login_svc/account_import', { UserID: 'alice' });
    const reply = await rest.call(
      'im_open_login_svc/account_check',
      { CheckItem: [{ UserID: 'alice' }] },
      { method: 'GET' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ActionStatus: 'OK',
      ResultItem: [{ UserID: 'alice', AccountStatus: 'Imported' }],
    });
  });

  it('refuses every command of a terminated app with 60016, changing nothing', async () => {
    const { sdkAppId, rest } = await newApp();
    expect((await parley.admin('DELETE', `/v1/apps/${sdkAppId}`)).status).toBe(200);
    expect(await rest.call('im_open_login_svc/account_import', { UserID: 'alice' })).toEqual(failed(60016));
    expect(await rest.call('openim/sendmsg', { To_Account: 'a', MsgRandom: 1, MsgBody: [] })).toEqual(
      failed(60016),
    );
    const accounts = await parley.admin('POST', `/v1/apps/${sdkAppId}/users/check`, { userIds: ['alice'] });
    expect(accounts.body).toEqual({ results: [{ userId: 'alice', exists: false }] });
  });

  it('refuses every command of a disabled app with 60016, and serves it again once enabled', async () => {
    const { sdkAppId, rest } = await newApp();
    const status = (value: string) => parley.admin('PUT', `/v1/apps/${sdkAppId}/status`, { status: value });
    expect((await status('disabled')).status).toBe(200);
    expect(await rest.call('im_open_login_svc/account_import', { UserID: 'alice' })).toEqual(failed(60016));
    const accounts = await parley.admin('POST', `/v1/apps/${sdkAppId}/users/check`, { userIds: ['alice'] });
    expect(accounts.body).toEqual({ results: [{ userId: 'alice', exists: false }] });
    expect((await status('active')).status).toBe(200);
    expect((await rest.call('im_open_login_svc/account_import', { UserID: 'alice' })).body).toMatchObject({
      ActionStatus: 'OK',
      ErrorCode: 0,
    });
  });

  it('limits each command per app per second to the plan’s quota, half for the account commands (60018)', async () => {
    const { rest } = await newApp({ plan: { maxRestCallsPerCommandPerSecond: 2 } });
    // account_check's quota is 1 per second: of six calls in a row, some share a second unless each takes a second.
    const replies = [];
    for (let i = 0; i < 6; i++) {
      replies.push(await rest.call('im_open_login_svc/account_check', { CheckItem: [{ UserID: 'a' }] }));
    }
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(replies.map((reply) => reply.body.ErrorCode)).toContain(60018);
    // Another command has its own quota.
    expect((await rest.call('im_open_login_svc/account_import', { UserID: 'b' })).body.ErrorCode).toBe(0);
  });
});
