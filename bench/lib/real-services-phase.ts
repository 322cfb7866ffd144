import { AdminClient, loadTestAppConfig } from '../../load-tests/lib/admin-client.ts';
import { spawnParley } from '../../load-tests/lib/parley-process.ts';
import { prepareRealServices } from '../../load-tests/lib/real-services.ts';
import { configReadScenario } from '../../load-tests/rest/config-read.ts';
import { type RestResult, runRestScenario } from '../../load-tests/rest/rest-scenario.ts';
import type { TrafficResult } from '../../load-tests/ws/traffic-stats.ts';
import { openC2cRig } from './c2c-rig.ts';
import type { BenchSettings } from './embedded-phase.ts';

export interface RealServicesPhaseResult {
  services: string;
  config_read: RestResult;
  c2c_closed: TrafficResult;
  c2c_open: TrafficResult;
}

/**
 * The same config read and c2c loads on MySQL + MongoDB + Redis (fresh databases, dropped afterwards), when
 * PARLEY_MYSQL_URL, PARLEY_MONGO_URL and PARLEY_REDIS_URL are set; undefined otherwise.
 */
export async function runRealServicesPhase(
  s: BenchSettings,
  log: (line: string) => void,
): Promise<RealServicesPhaseResult | undefined> {
  const services = await prepareRealServices(process.env);
  if (!services) return undefined;
  log(`real services: ${services.describe}`);
  try {
    const parley = await spawnParley({ env: services.env });
    try {
      const admin = new AdminClient(parley.adminUrl, parley.operatorToken);
      const { sdkAppId } = await admin.createApp(loadTestAppConfig);
      const read = await configReadScenario(admin, sdkAppId);
      const rest = { connections: s.restConnections };
      if (s.warmupS > 0) await runRestScenario(parley.adminUrl, read, { ...rest, durationS: s.warmupS });
      log('real services: config read');
      const configRead = await runRestScenario(parley.adminUrl, read, { ...rest, durationS: s.durationS });
      const rig = await openC2cRig({
        label: 'parley real services',
        mode: 'parley',
        wsUrl: parley.wsUrl,
        admin,
        connections: s.c2cConnections,
        messageBytes: s.messageBytes,
        progress: s.progress,
      });
      try {
        log('real services: c2c closed loop');
        const closed = await rig.generator.runClosedLoop({
          durationMs: s.durationS * 1000,
          warmupMs: s.warmupS * 1000,
          window: s.window,
        });
        const ratePerS = Math.max(1, Math.round(closed.delivered_per_s / 2));
        log(`real services: c2c open loop at ${ratePerS} msgs/s`);
        const open = await rig.generator.runOpenLoop({
          durationMs: s.durationS * 1000,
          warmupMs: 1000,
          ratePerS,
        });
        return { services: services.describe, config_read: configRead, c2c_closed: closed, c2c_open: open };
      } finally {
        await rig.generator.close();
      }
    } finally {
      await parley.stop();
    }
  } finally {
    await services
      .drop()
      .catch((error: unknown) => log(`could not drop the bench databases: ${String(error)}`));
  }
}
