import { randomInt } from 'node:crypto';
import { genUserSig } from '@parley/usersig';
import type { AdminClient } from '../lib/admin-client.ts';
import type { Threshold } from '../lib/thresholds.ts';
import { isMain, runRestCli } from './rest-cli.ts';
import type { RestScenario } from './rest-scenario.ts';

/** The app admin Tencent creates every app with (Parley's default `admins`). */
const ADMIN = 'administrator';
/** Recipients the sends rotate over: many conversations, none of them hot. */
export const V4_SENDMSG_RECIPIENTS = 100;

/**
 * POST /v4/openim/sendmsg as an app server calls it: a text message from the admin to one of 100 accounts in turn,
 * each with its own MsgRandom (no resend is deduplicated). A reply counts only with `ActionStatus` OK.
 */
export async function v4SendmsgScenario(
  admin: AdminClient,
  sdkAppId: number,
  secretKey: string,
): Promise<RestScenario> {
  const recipients = Array.from({ length: V4_SENDMSG_RECIPIENTS }, (_, i) => `v4-load-${i}`);
  await admin.importUsers(sdkAppId, recipients);
  const userSig = genUserSig({ sdkAppId, secretKey, userId: ADMIN, expireSeconds: 86_400 });
  const query = `sdkappid=${sdkAppId}&identifier=${ADMIN}&usersig=${encodeURIComponent(userSig)}&random=1&contenttype=json`;
  let next = randomInt(2 ** 31);
  return {
    name: 'v4 openim/sendmsg',
    method: 'POST',
    path: `/v4/openim/sendmsg?${query}`,
    headers: { 'content-type': 'application/json' },
    nextBody: () => {
      next += 1;
      return JSON.stringify({
        SyncOtherMachine: 2,
        To_Account: recipients[next % recipients.length],
        MsgRandom: next % 2 ** 32,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `load ${next}` } }],
      });
    },
    failed: (body) => !body.includes('"ActionStatus":"OK"'),
  };
}

// Measured on the 2-core reference machine (docs/performance.md), 10 connections, embedded default, shared with
// other work (load average 5): ≈ 680 req/s, p99 ≈ 170 ms. The bounds: a little over a third of the rate, 3× the p99.
const thresholds: Threshold[] = [
  { metric: 'rps', op: '>=', limit: 250, unit: 'req/s' },
  { metric: 'p99_ms', op: '<=', limit: 500, unit: 'ms' },
  { metric: 'error_rate', op: '<=', limit: 0, unit: '' },
];

if (isMain(import.meta.url)) {
  await runRestCli({
    script: 'load-tests/rest/v4-sendmsg.ts',
    title: 'REST load: Tencent REST send (POST /v4/openim/sendmsg, admin to 100 accounts)',
    prepare: v4SendmsgScenario,
    thresholds,
  });
}
