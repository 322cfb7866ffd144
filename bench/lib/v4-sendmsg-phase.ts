import { AdminClient, loadTestAppConfig } from '../../load-tests/lib/admin-client.ts';
import { spawnParley } from '../../load-tests/lib/parley-process.ts';
import { renderRestResult } from '../../load-tests/rest/rest-cli.ts';
import { type RestResult, runRestScenario } from '../../load-tests/rest/rest-scenario.ts';
import { v4SendmsgScenario } from '../../load-tests/rest/v4-sendmsg.ts';
import type { BenchSettings } from './embedded-phase.ts';

/** Unmeasured seconds before the run, at most: the phase stays within about 15 s with the default duration. */
const MAX_WARMUP_S = 2;

/**
 * Tencent's REST send (`/v4/openim/sendmsg`, load-tests/rest/v4-sendmsg.ts) on a Parley of its own (embedded
 * default, telemetry on): one bounded run after a short warm-up. Gives `rest.v4_sendmsg_rps`.
 */
export async function runV4SendmsgPhase(s: BenchSettings, log: (line: string) => void): Promise<RestResult> {
  log('v4 sendmsg: starting Parley…');
  const parley = await spawnParley();
  try {
    const admin = new AdminClient(parley.adminUrl, parley.operatorToken);
    const { sdkAppId, secretKey } = await admin.createApp(loadTestAppConfig);
    const scenario = await v4SendmsgScenario(admin, sdkAppId, secretKey);
    const rest = { connections: s.restConnections };
    const warmupS = Math.min(s.warmupS, MAX_WARMUP_S);
    if (warmupS > 0) await runRestScenario(parley.adminUrl, scenario, { ...rest, durationS: warmupS });
    log(`v4 sendmsg: ${s.durationS} s, ${s.restConnections} connections`);
    return await runRestScenario(parley.adminUrl, scenario, { ...rest, durationS: s.durationS });
  } finally {
    await parley.stop();
  }
}

/** The figures the bench JSON carries under `rest`. */
export function v4SendmsgFigures(run: RestResult) {
  return {
    v4_sendmsg_rps: run.rps,
    v4_sendmsg_p99_ms: run.latency_ms.p99,
    v4_sendmsg_error_rate: run.error_rate,
  };
}

export function renderV4SendmsgRun(run: RestResult): string {
  return `Tencent REST send (autocannon, its own Parley)\n${renderRestResult(run)}`;
}
