import { startTestParley, type TestParley } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBaseline } from '../../bench/lib/spawn-baseline.ts';
import { AdminClient, loadTestAppConfig } from '../lib/admin-client.ts';
import { configPatchScenario } from '../rest/config-patch.ts';
import { configReadScenario } from '../rest/config-read.ts';
import { runRestScenario } from '../rest/rest-scenario.ts';
import { userImportScenario } from '../rest/user-import.ts';
import { userSigIssueScenario } from '../rest/usersig-issue.ts';
import { V4_SENDMSG_RECIPIENTS, v4SendmsgScenario } from '../rest/v4-sendmsg.ts';
import { setUpC2cUsers } from '../ws/c2c-setup.ts';
import { WsLoadGenerator } from '../ws/ws-load-generator.ts';

// Smoke runs at tiny load: the generators work end to end. Counts only, never a timing.
describe('load generators against an in-process Parley', () => {
  let parley: TestParley;
  let admin: AdminClient;
  let sdkAppId: number;
  let secretKey: string;

  beforeAll(async () => {
    parley = await startTestParley();
    admin = new AdminClient(parley.adminUrl, parley.operatorToken);
    ({ sdkAppId, secretKey } = await admin.createApp(loadTestAppConfig));
  });
  afterAll(async () => {
    await parley?.close();
  });

  it.each([
    ['config read', configReadScenario],
    ['config patch', configPatchScenario],
    ['user import', userImportScenario],
    ['usersig issue', userSigIssueScenario],
  ])('%s: autocannon gets only 2xx replies', async (_name, scenario) => {
    const result = await runRestScenario(parley.adminUrl, await scenario(admin, sdkAppId), {
      durationS: 1,
      connections: 2,
    });
    expect(result.ok).toBeGreaterThan(0);
    expect(result.status_codes).toEqual({ 200: result.ok });
  });

  it('v4 sendmsg: every reply is OK, and the messages are stored', async () => {
    const scenario = await v4SendmsgScenario(admin, sdkAppId, secretKey);
    const result = await runRestScenario(parley.adminUrl, scenario, { durationS: 1, connections: 2 });
    expect(result.ok).toBeGreaterThan(0);
    expect(result.status_codes).toEqual({ 200: result.ok });
    // Replies cut off by the end of the run may have been stored too: at least every OK reply's message.
    let unread = 0;
    for (let i = 0; i < V4_SENDMSG_RECIPIENTS; i++) {
      const url = `${parley.adminUrl}${scenario.path.replace('openim/sendmsg', 'openim/get_c2c_unread_msg_num')}`;
      const reply = await fetch(url, {
        method: 'POST',
        body: JSON.stringify({ To_Account: `v4-load-${i}` }),
      });
      unread += ((await reply.json()) as { AllC2CUnreadMsgNum: number }).AllC2CUnreadMsgNum;
    }
    expect(unread).toBeGreaterThanOrEqual(result.ok);
  });

  it('v4 sendmsg: a 200 reply with ActionStatus FAIL is counted as an error, not a success', async () => {
    const scenario = await v4SendmsgScenario(admin, sdkAppId, secretKey);
    const toNobody = {
      ...scenario,
      nextBody: () => JSON.stringify({ To_Account: 'nobody', MsgRandom: 1, MsgBody: [] }),
    };
    const result = await runRestScenario(parley.adminUrl, toNobody, { durationS: 1, connections: 2 });
    expect(result.ok).toBe(0);
    expect(result.error_rate).toBe(1);
    expect(result.status_codes.failed_in_body).toBeGreaterThan(0);
  });

  it('user import sends unique ids: every account of every request is created', async () => {
    const scenario = await userImportScenario(admin, sdkAppId);
    const first = JSON.parse(scenario.nextBody?.() ?? '{}') as { accounts: { userId: string }[] };
    const second = JSON.parse(scenario.nextBody?.() ?? '{}') as { accounts: { userId: string }[] };
    const ids = [...first.accounts, ...second.accounts].map((a) => a.userId);
    expect(first.accounts).toHaveLength(100);
    expect(new Set(ids).size).toBe(200);
  });

  it('c2c: logs in every pair, delivers in closed and open loop, with no error or loss', async () => {
    const users = await setUpC2cUsers('parley', admin, 6);
    const generator = new WsLoadGenerator({
      wsUrl: parley.wsUrl,
      mode: 'parley',
      ...(users.app ? { app: users.app } : {}),
      sourceAddresses: 3,
      messageBytes: 50,
      progress: false,
      label: 'smoke',
    });
    try {
      const connect = await generator.connect(users.userIds, users.peerOf, 100, 10_000);
      expect(connect).toMatchObject({ requested: 6, logged_in: 6, failed: 0, errors: {} });
      const closed = await generator.runClosedLoop({ durationMs: 1000, warmupMs: 200, window: 2 });
      expect(closed.delivered).toBeGreaterThan(0);
      expect(closed.latency.count).toBe(closed.delivered);
      expect(closed).toMatchObject({ lost: 0, errors: {} });
      const open = await generator.runOpenLoop({ durationMs: 1000, warmupMs: 0, ratePerS: 60 });
      expect(open.delivered).toBeGreaterThan(0);
      expect(open).toMatchObject({ lost: 0, errors: {} });
    } finally {
      await generator.close();
    }
  });

  it('c2c: a login with a bad UserSig is counted as a failed login by its error name', async () => {
    const users = await setUpC2cUsers('parley', admin, 2);
    const generator = new WsLoadGenerator({
      wsUrl: parley.wsUrl,
      mode: 'parley',
      app: { sdkAppId: users.app?.sdkAppId ?? 0, secretKey: 'not-the-key' },
      sourceAddresses: 1,
      messageBytes: 10,
      progress: false,
      label: 'smoke',
    });
    try {
      const connect = await generator.connect(users.userIds, users.peerOf, 100, 10_000);
      expect(connect.failed).toBe(2);
      expect(Object.keys(connect.errors).some((code) => code.startsWith('login:USERSIG'))).toBe(true);
    } finally {
      await generator.close();
    }
  });
});

describe('ws relay baseline', () => {
  it('forwards the generator frames between the sockets of a pair', { timeout: 60_000 }, async () => {
    const relay = await spawnBaseline('ws-relay-server.ts');
    const users = await setUpC2cUsers('relay', undefined, 4);
    const generator = new WsLoadGenerator({
      wsUrl: `ws://127.0.0.1:${relay.port}/`,
      mode: 'relay',
      sourceAddresses: 2,
      messageBytes: 50,
      progress: false,
      label: 'smoke',
    });
    try {
      expect((await generator.connect(users.userIds, users.peerOf, 100, 10_000)).logged_in).toBe(4);
      const closed = await generator.runClosedLoop({ durationMs: 500, warmupMs: 0, window: 2 });
      expect(closed.delivered).toBeGreaterThan(0);
      expect(closed).toMatchObject({ lost: 0, errors: {} });
    } finally {
      await generator.close();
      await relay.stop();
    }
  });
});
