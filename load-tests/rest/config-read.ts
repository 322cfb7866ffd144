import type { AdminClient } from '../lib/admin-client.ts';
import type { Threshold } from '../lib/thresholds.ts';
import { isMain, runRestCli } from './rest-cli.ts';
import type { RestScenario } from './rest-scenario.ts';

/** GET /v1/apps/:id/config with the operator token: the read every console page and gateway refresh does. */
export async function configReadScenario(admin: AdminClient, sdkAppId: number): Promise<RestScenario> {
  return {
    name: 'config read',
    method: 'GET',
    path: `/v1/apps/${sdkAppId}/config`,
    headers: { authorization: admin.authorization },
  };
}

// Measured on the 2-core reference machine (docs/performance.md), 10 connections, embedded default, shared with
// other work (load average 2–5): 4 000–10 000 req/s, p99 3–7 ms. The bounds leave room for a busier machine:
// about half the lowest rate, 7× the highest p99.
const thresholds: Threshold[] = [
  { metric: 'rps', op: '>=', limit: 2_000, unit: 'req/s' },
  { metric: 'p99_ms', op: '<=', limit: 50, unit: 'ms' },
  { metric: 'error_rate', op: '<=', limit: 0, unit: '' },
];

if (isMain(import.meta.url)) {
  await runRestCli({
    script: 'load-tests/rest/config-read.ts',
    title: 'REST load: config read (GET /v1/apps/:id/config)',
    prepare: configReadScenario,
    thresholds,
  });
}
