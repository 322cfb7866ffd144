import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, loadTestAppConfig } from '../../load-tests/lib/admin-client.ts';
import { type ParleyProcess, spawnParley } from '../../load-tests/lib/parley-process.ts';
import { processCpuMs } from '../../load-tests/lib/process-cpu.ts';
import { configReadScenario } from '../../load-tests/rest/config-read.ts';
import { type RestResult, type RestScenario, runRestScenario } from '../../load-tests/rest/rest-scenario.ts';
import type { TrafficResult } from '../../load-tests/ws/traffic-stats.ts';
import { type C2cRig, openC2cRig } from './c2c-rig.ts';
import { type IdleConnectionResult, measureIdleConnections } from './idle-connections.ts';
import { type BaselineProcess, spawnBaseline } from './spawn-baseline.ts';

export interface BenchSettings {
  /** Measured seconds of each REST or c2c run. */
  durationS: number;
  /** Unmeasured seconds before the first run on each target. */
  warmupS: number;
  /** Runs per target, interleaved (A, baseline, B, A, baseline, B…) so that drift hits all alike. */
  rounds: number;
  restConnections: number;
  c2cConnections: number;
  /** Closed loop: messages in flight per connection. */
  window: number;
  messageBytes: number;
  idleConnections: number;
  idleLoginsPerSecond: number;
  /** Group fan-out: Work groups and their members (all online, each sending in turn). */
  groupCount: number;
  groupMembers: number;
  /** AVChatRoom: members, messages/s in, and the processes they spread over (auto: 2 on the real services). */
  avchatMembers: number;
  avchatRate: number;
  avchatProcesses: number | 'auto';
  progress: boolean;
}

/** A run with the CPU time its server process used (user + system) and that time per request or message. */
type WithCpu<T> = T & { cpu_ms: number; cpu_us_per_op: number };

export interface EmbeddedPhaseResult {
  config_read: {
    telemetry_on: WithCpu<RestResult>[];
    telemetry_off: WithCpu<RestResult>[];
    fastify: WithCpu<RestResult>[];
  };
  c2c_closed: {
    telemetry_on: WithCpu<TrafficResult>[];
    telemetry_off: WithCpu<TrafficResult>[];
    ws_relay: WithCpu<TrafficResult>[];
  };
  c2c_open: { parley: WithCpu<TrafficResult>; ws_relay: WithCpu<TrafficResult> };
  idle: IdleConnectionResult;
}

/**
 * Everything measured on the embedded default, with its baselines in the same run: Parley with telemetry on (the
 * default) and off, a bare fastify route and a bare ws relay, each its own process.
 */
export async function runEmbeddedPhase(
  s: BenchSettings,
  log: (line: string) => void,
): Promise<EmbeddedPhaseResult> {
  const stoppers: (() => Promise<void>)[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    log('starting Parley (telemetry on), Parley (telemetry off), fastify baseline, ws relay baseline…');
    const on = await spawnParley({ env: { PARLEY_TELEMETRY: 'true' } });
    stoppers.push(() => on.stop());
    const off = await spawnParley({ env: { PARLEY_TELEMETRY: 'false' } });
    stoppers.push(() => off.stop());
    const onRead = await configReadOf(on);
    const offRead = await configReadOf(off);

    // The fastify baseline replies with the very body Parley replied, so the sizes match.
    const reply = await fetch(`${on.adminUrl}${onRead.path}`, { headers: onRead.headers });
    const bodyFile = join(scratch, 'config-reply.json');
    writeFileSync(bodyFile, await reply.text());
    const fastify = await spawnBaseline('fastify-json-server.ts', { BODY_FILE: bodyFile });
    stoppers.push(() => fastify.stop());
    const relay = await spawnBaseline('ws-relay-server.ts');
    stoppers.push(() => relay.stop());
    const fastifyRead: RestScenario = { ...onRead, name: 'fastify baseline', headers: {} };

    const rest = { connections: s.restConnections };
    const config_read: EmbeddedPhaseResult['config_read'] = {
      telemetry_on: [],
      telemetry_off: [],
      fastify: [],
    };
    for (let round = 0; round < s.rounds; round++) {
      const runs: [WithCpu<RestResult>[], string, RestScenario, number][] = [
        [config_read.telemetry_on, on.adminUrl, onRead, on.pid],
        [config_read.fastify, baseUrl(fastify), fastifyRead, fastify.pid],
        [config_read.telemetry_off, off.adminUrl, offRead, off.pid],
      ];
      for (const [into, url, scenario, pid] of runs) {
        if (round === 0 && s.warmupS > 0)
          await runRestScenario(url, scenario, { ...rest, durationS: s.warmupS });
        log(`REST round ${round + 1}/${s.rounds}: ${scenario.name} @ ${url}`);
        into.push(
          await withCpu(
            pid,
            () => runRestScenario(url, scenario, { ...rest, durationS: s.durationS }),
            (r) => r.requests,
          ),
        );
      }
    }

    const rigOptions = { connections: s.c2cConnections, messageBytes: s.messageBytes, progress: s.progress };
    const rigs: C2cRig[] = [];
    stoppers.push(async () => {
      for (const rig of rigs) await rig.generator.close();
    });
    const rigOn = await openC2cRig({
      ...rigOptions,
      label: 'parley',
      mode: 'parley',
      wsUrl: on.wsUrl,
      admin: adminOf(on),
    });
    rigs.push(rigOn);
    const rigOff = await openC2cRig({
      ...rigOptions,
      label: 'parley telemetry off',
      mode: 'parley',
      wsUrl: off.wsUrl,
      admin: adminOf(off),
    });
    rigs.push(rigOff);
    const rigRelay = await openC2cRig({
      ...rigOptions,
      label: 'ws relay',
      mode: 'relay',
      wsUrl: `ws://127.0.0.1:${relay.port}/`,
    });
    rigs.push(rigRelay);

    const c2c_closed: EmbeddedPhaseResult['c2c_closed'] = {
      telemetry_on: [],
      telemetry_off: [],
      ws_relay: [],
    };
    for (let round = 0; round < s.rounds; round++) {
      const runs: [WithCpu<TrafficResult>[], C2cRig, number][] = [
        [c2c_closed.telemetry_on, rigOn, on.pid],
        [c2c_closed.ws_relay, rigRelay, relay.pid],
        [c2c_closed.telemetry_off, rigOff, off.pid],
      ];
      for (const [into, rig, pid] of runs) {
        log(`c2c closed loop round ${round + 1}/${s.rounds}: ${rig.label}`);
        const phase = {
          durationMs: s.durationS * 1000,
          warmupMs: (round === 0 ? s.warmupS : 1) * 1000,
          window: s.window,
        };
        into.push(
          await withCpu(
            pid,
            () => rig.generator.runClosedLoop(phase),
            (r) => r.all_delivered,
          ),
        );
      }
    }
    // Latency at half the maximum rate, open loop; the relay at the same rate for comparison.
    const half = Math.max(1, Math.round(median(c2c_closed.telemetry_on.map((r) => r.delivered_per_s)) / 2));
    const openPhase = { durationMs: s.durationS * 1000, warmupMs: 1000, ratePerS: half };
    log(`c2c open loop at ${half} msgs/s (half the maximum): parley`);
    const parleyOpen = await withCpu(
      on.pid,
      () => rigOn.generator.runOpenLoop(openPhase),
      (r) => r.all_delivered,
    );
    log(`c2c open loop at ${half} msgs/s: ws relay`);
    const relayOpen = await withCpu(
      relay.pid,
      () => rigRelay.generator.runOpenLoop(openPhase),
      (r) => r.all_delivered,
    );
    for (const rig of rigs.splice(0)) await rig.generator.close();

    // On a Parley of its own: the c2c runs leave garbage and caches behind whose release would be counted
    // against the connections (a previous run measured a negative figure that way).
    log(
      `idle connections: ${s.idleConnections} logins at up to ${s.idleLoginsPerSecond}/s, on a fresh Parley…`,
    );
    const fresh = await spawnParley({ env: { PARLEY_TELEMETRY: 'true' } });
    stoppers.push(() => fresh.stop());
    const idle = await measureIdleConnections(fresh, {
      count: s.idleConnections,
      loginsPerSecond: s.idleLoginsPerSecond,
      settleMs: 3_000,
      progress: s.progress,
    });
    return { config_read, c2c_closed, c2c_open: { parley: parleyOpen, ws_relay: relayOpen }, idle };
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The middle value (mean of the two middle ones): one disturbed round does not move it. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function withCpu<T>(
  pid: number,
  run: () => Promise<T>,
  opsOf: (result: T) => number,
): Promise<WithCpu<T>> {
  const before = processCpuMs(pid);
  const result = await run();
  const cpuMs = processCpuMs(pid) - before;
  const ops = opsOf(result);
  return {
    ...result,
    cpu_ms: cpuMs,
    cpu_us_per_op: ops > 0 ? Math.round((cpuMs * 1000 * 10) / ops) / 10 : Number.NaN,
  };
}

function adminOf(parley: ParleyProcess): AdminClient {
  return new AdminClient(parley.adminUrl, parley.operatorToken);
}

async function configReadOf(parley: ParleyProcess): Promise<RestScenario> {
  const admin = adminOf(parley);
  const { sdkAppId } = await admin.createApp(loadTestAppConfig);
  return configReadScenario(admin, sdkAppId);
}

function baseUrl(baseline: BaselineProcess): string {
  return `http://127.0.0.1:${baseline.port}`;
}
