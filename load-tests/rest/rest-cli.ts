import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminClient } from '../lib/admin-client.ts';
import { loadTestAppConfig } from '../lib/admin-client.ts';
import { numberFlag, parseFlags } from '../lib/cli-flags.ts';
import { formatNumber, renderTable } from '../lib/table.ts';
import { resolveTarget, targetFlags } from '../lib/target.ts';
import { checkThresholds, reportThresholds, type Threshold } from '../lib/thresholds.ts';
import { type RestResult, type RestScenario, runRestScenario } from './rest-scenario.ts';

export interface RestCliOptions {
  script: string;
  title: string;
  /** Builds the scenario against a fresh load-test app. */
  prepare: (admin: AdminClient, sdkAppId: number, secretKey: string) => Promise<RestScenario>;
  thresholds: readonly Threshold[];
}

/**
 * The common body of the REST load scripts: flags, a target (started when none is given), a fresh app, a short
 * warm-up, the bounded run, the summary table and the thresholds (exit code 1 when one fails).
 */
export async function runRestCli(options: RestCliOptions): Promise<void> {
  const flags = parseFlags(options.script, {
    duration: { default: '10', help: 'seconds of load' },
    connections: { default: '10', help: 'concurrent HTTP connections' },
    warmup: { default: '2', help: 'seconds of unmeasured load first (JIT, caches)' },
    ...targetFlags,
  });
  const durationS = numberFlag('duration', flags.duration, 1, 600);
  const connections = numberFlag('connections', flags.connections, 1, 1000);
  const warmupS = numberFlag('warmup', flags.warmup, 0, 60);
  const target = await resolveTarget(flags);
  try {
    const { sdkAppId, secretKey } = await target.admin.createApp(loadTestAppConfig);
    const scenario = await options.prepare(target.admin, sdkAppId, secretKey);
    if (warmupS > 0)
      await runRestScenario(target.admin.baseUrl, scenario, { durationS: warmupS, connections });
    process.stderr.write(`${scenario.name}: ${durationS} s, ${connections} connections…\n`);
    const result = await runRestScenario(target.admin.baseUrl, scenario, { durationS, connections });
    const values = { rps: result.rps, p99_ms: result.latency_ms.p99, error_rate: result.error_rate };
    reportThresholds(options.title, renderRestResult(result), checkThresholds(values, options.thresholds));
  } finally {
    await target.stop();
  }
}

export function renderRestResult(result: RestResult): string {
  const l = result.latency_ms;
  return renderTable([
    ['scenario', 'req/s (2xx)', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'statuses'],
    [
      result.scenario,
      String(result.rps),
      formatNumber(l.p50),
      formatNumber(l.p90),
      formatNumber(l.p99),
      formatNumber(l.max),
      `${formatNumber(result.error_rate * 100, 3)} %`,
      Object.entries(result.status_codes)
        .map(([code, count]) => `${code}:${count}`)
        .join(' '),
    ],
  ]);
}

/** True when the file is the script node was started with (not imported by the bench). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && fileURLToPath(moduleUrl) === resolve(entry);
}
