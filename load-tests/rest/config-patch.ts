import type { AdminClient } from '../lib/admin-client.ts';
import type { Threshold } from '../lib/thresholds.ts';
import { isMain, runRestCli } from './rest-cli.ts';
import type { RestScenario } from './rest-scenario.ts';

/**
 * PATCH /v1/apps/:id/config: each request changes the introduction (a new revision, a cache invalidation and a
 * broadcast to the gateways), without If-Match, as a console save does.
 */
export async function configPatchScenario(admin: AdminClient, sdkAppId: number): Promise<RestScenario> {
  let n = 0;
  return {
    name: 'config patch',
    method: 'PATCH',
    path: `/v1/apps/${sdkAppId}/config`,
    headers: { authorization: admin.authorization, 'content-type': 'application/json' },
    nextBody: () => JSON.stringify({ details: { introduction: `load test revision ${++n}` } }),
  };
}

// Measured on the 2-core reference machine (docs/performance.md), 10 connections, embedded default, shared with
// other work: ≈ 1 500 req/s, p99 ≈ 22 ms. The bounds: a third of the rate, 4.5× the p99.
const thresholds: Threshold[] = [
  { metric: 'rps', op: '>=', limit: 500, unit: 'req/s' },
  { metric: 'p99_ms', op: '<=', limit: 100, unit: 'ms' },
  { metric: 'error_rate', op: '<=', limit: 0, unit: '' },
];

if (isMain(import.meta.url)) {
  await runRestCli({
    script: 'load-tests/rest/config-patch.ts',
    title: 'REST load: config patch (PATCH /v1/apps/:id/config)',
    prepare: configPatchScenario,
    thresholds,
  });
}
