import { text } from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { suiteParley, type V4App } from './support/suite-parley.ts';

/** `/v4/openconfigsvr/*` (an account's global mute) as Tencent's REST docs show it; effects checked on the gateway. */
const suite = suiteParley();

async function newApp(): Promise<V4App> {
  const app = await suite.newV4App();
  const imported = await app.rest.call('im_open_login_svc/multiaccount_import', {
    Accounts: ['alice', 'bob'],
  });
  expect(imported.body.ErrorCode).toBe(0);
  return app;
}

async function login(app: V4App, userId: string): Promise<LoggedIn> {
  return suite.login(app.chat, userId);
}

function failed(code: number) {
  return { status: 200, body: expect.objectContaining({ ActionStatus: 'FAIL', ErrorCode: code }) };
}

async function getNoSpeaking(app: V4App, userId: string) {
  const reply = await app.rest.call('openconfigsvr/getnospeaking', { Get_Account: userId });
  expect(reply.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
  return reply.body as unknown as { C2CmsgNospeakingTime: number; GroupmsgNospeakingTime: number };
}

let nextRandom = 1;
const sendOp = () => ({ to: 'bob', random: nextRandom++, body: text('hi') });

describe('openconfigsvr/setnospeaking and getnospeaking', () => {
  it('a one-to-one mute makes the gateway refuse the user’s sends with 20012 until unmuted with 0', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    expect(await getNoSpeaking(app, 'alice')).toEqual(
      expect.objectContaining({ C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 }),
    );

    const set = await app.rest.call('openconfigsvr/setnospeaking', {
      Set_Account: 'alice',
      C2CmsgNospeakingTime: 3600,
    });
    expect(set.body).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect((await alice.socket.fail('send', sendOp())).code).toBe(20012);
    const left = (await getNoSpeaking(app, 'alice')).C2CmsgNospeakingTime;
    expect(left).toBeGreaterThan(3500);
    expect(left).toBeLessThanOrEqual(3600);
    expect((await getNoSpeaking(app, 'bob')).C2CmsgNospeakingTime).toBe(0);

    await app.rest.call('openconfigsvr/setnospeaking', { Set_Account: 'alice', C2CmsgNospeakingTime: 0 });
    expect((await alice.socket.ok('send', sendOp())).seq).toBeGreaterThan(0);
    expect((await getNoSpeaking(app, 'alice')).C2CmsgNospeakingTime).toBe(0);
  });

  it('4294967295 mutes forever: getnospeaking answers 4294967295, the admin API shows the latest date', async () => {
    const app = await newApp();
    const alice = await login(app, 'alice');
    await app.rest.call('openconfigsvr/setnospeaking', {
      Set_Account: 'alice',
      C2CmsgNospeakingTime: 4_294_967_295,
      GroupmsgNospeakingTime: 0,
    });
    expect(await getNoSpeaking(app, 'alice')).toMatchObject({ C2CmsgNospeakingTime: 4_294_967_295 });
    expect((await alice.socket.fail('send', sendOp())).code).toBe(20012);
    const view = await suite.parley.admin('GET', `/v1/apps/${app.sdkAppId}/users/alice`);
    expect(view.body).toMatchObject({ mutedUntil: '+275760-09-13T00:00:00.000Z' });
  });

  it('fails with 130008 without a time, 130005 for a group mute or a bad field, 70107 for an unknown account', async () => {
    const app = await newApp();
    expect(await app.rest.call('openconfigsvr/setnospeaking', { Set_Account: 'alice' })).toMatchObject(
      failed(130008),
    );
    for (const body of [
      { Set_Account: 'alice', GroupmsgNospeakingTime: 7200 },
      { Set_Account: 'alice', C2CmsgNospeakingTime: 60, GroupmsgNospeakingTime: 7200 },
      { Set_Account: 'alice', C2CmsgNospeakingTime: -1 },
      { Set_Account: 'alice', C2CmsgNospeakingTime: 2 ** 32 },
      { Set_Account: 'alice', C2CmsgNospeakingTime: '60' },
      { C2CmsgNospeakingTime: 60 },
    ]) {
      expect(await app.rest.call('openconfigsvr/setnospeaking', body)).toMatchObject(failed(130005));
    }
    expect((await getNoSpeaking(app, 'alice')).C2CmsgNospeakingTime).toBe(0);
    expect(
      await app.rest.call('openconfigsvr/setnospeaking', { Set_Account: 'ghost', C2CmsgNospeakingTime: 60 }),
    ).toMatchObject(failed(70107));
    expect(await app.rest.call('openconfigsvr/getnospeaking', { Get_Account: 'ghost' })).toMatchObject(
      failed(70107),
    );
    expect(await app.rest.call('openconfigsvr/getnospeaking', {})).toMatchObject(failed(130005));
  });
});

describe('openconfigsvr/getappinfo', () => {
  it('is not served (Parley keeps no 30 days of app statistics): 60002', async () => {
    const app = await newApp();
    expect(await app.rest.call('openconfigsvr/getappinfo', {})).toMatchObject(failed(60002));
  });
});
