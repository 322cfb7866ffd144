import type { AdminClient } from '../lib/admin-client.ts';
import type { Threshold } from '../lib/thresholds.ts';
import { isMain, runRestCli } from './rest-cli.ts';
import type { RestScenario } from './rest-scenario.ts';

/** POST /v1/apps/:id/usersig: HMAC-SHA256 plus zlib per request, for a different user each time. */
export async function userSigIssueScenario(admin: AdminClient, sdkAppId: number): Promise<RestScenario> {
  let n = 0;
  return {
    name: 'usersig issue',
    method: 'POST',
    path: `/v1/apps/${sdkAppId}/usersig`,
    headers: { authorization: admin.authorization, 'content-type': 'application/json' },
    nextBody: () => JSON.stringify({ userId: `sig-${++n}` }),
  };
}

// Measured on the 2-core reference machine (docs/performance.md), 10 connections, embedded default, shared with
// other work: ≈ 2 550 req/s, p99 ≈ 14 ms. The bounds: 40 % of the rate, 4× the p99.
const thresholds: Threshold[] = [
  { metric: 'rps', op: '>=', limit: 1_000, unit: 'req/s' },
  { metric: 'p99_ms', op: '<=', limit: 60, unit: 'ms' },
  { metric: 'error_rate', op: '<=', limit: 0, unit: '' },
];

if (isMain(import.meta.url)) {
  await runRestCli({
    script: 'load-tests/rest/usersig-issue.ts',
    title: 'REST load: UserSig issue (POST /v1/apps/:id/usersig)',
    prepare: userSigIssueScenario,
    thresholds,
  });
}
