import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { numberFlag, parseFlags } from '../load-tests/lib/cli-flags.ts';
import { repoRoot } from '../load-tests/lib/parley-process.ts';
import { renderBenchReport } from './lib/bench-report.ts';
import {
  type BenchSettings,
  type EmbeddedPhaseResult,
  median,
  runEmbeddedPhase,
} from './lib/embedded-phase.ts';
import { type GroupPhaseResult, runGroupPhase } from './lib/group-phase.ts';
import { machineInfo } from './lib/machine-info.ts';
import { type RealServicesPhaseResult, runRealServicesPhase } from './lib/real-services-phase.ts';
import { evaluateTargets } from './lib/targets.ts';
import { renderV4SendmsgRun, runV4SendmsgPhase, v4SendmsgFigures } from './lib/v4-sendmsg-phase.ts';

/**
 * `npm run bench`: Parley (embedded default, and the real services when their URLs are set) against a bare ws
 * relay and a bare fastify route measured in the same run. Prints a table, writes JSON, reports PASS/FAIL per
 * target. Exits 0 whatever the targets say; 1 only when something could not be measured.
 */
const flags = parseFlags('bench/run.ts', {
  out: { default: 'bench/results/latest.json', help: 'where the JSON goes (folders are created)' },
  duration: { default: '6', help: 'measured seconds of each run' },
  warmup: { default: '5', help: 'unmeasured seconds before the first run on each target (JIT)' },
  rounds: { default: '5', help: 'interleaved runs per target (the median counts)' },
  'rest-connections': { default: '10', help: 'autocannon connections' },
  'c2c-connections': { default: '200', help: 'WebSocket connections of the c2c load (pairs)' },
  window: { default: '4', help: 'closed loop: messages in flight per connection' },
  'message-bytes': { default: '100', help: 'text size of each c2c message' },
  'idle-connections': { default: '10000', help: 'authenticated idle connections for the memory figure' },
  'idle-logins-per-s': { default: '500', help: 'login ramp of the idle connections' },
  'group-groups': { default: '60', help: 'group fan-out: Work groups (load-tests/ws/group-load.ts: 200)' },
  'group-members': { default: '50', help: 'group fan-out: members per Work group, all online and sending' },
  'avchat-members': { default: '200', help: 'AVChatRoom: members online (the issue names 20,000; see docs)' },
  'avchat-rate': { default: '20', help: 'AVChatRoom: messages/s in' },
  'avchat-processes': {
    default: 'auto',
    help: 'AVChatRoom: gateway processes (auto: 2 on the real services, else 1)',
  },
  groups: { default: 'run', help: 'run, or skip the group fan-out phase' },
  embedded: {
    default: 'run',
    help: 'run, or skip the embedded c2c and /v4 phases (with --groups skip: only the real services)',
  },
  'real-services': { default: 'auto', help: 'auto (when the PARLEY_*_URL are set) or skip' },
  progress: { default: 'true', help: 'a status line on stderr every second' },
});
const settings: BenchSettings = {
  durationS: numberFlag('duration', flags.duration, 1, 120),
  warmupS: numberFlag('warmup', flags.warmup, 0, 60),
  rounds: numberFlag('rounds', flags.rounds, 1, 10),
  restConnections: numberFlag('rest-connections', flags['rest-connections'], 1, 1000),
  c2cConnections: numberFlag('c2c-connections', flags['c2c-connections'], 2, 20_000),
  window: numberFlag('window', flags.window, 1, 1000),
  messageBytes: numberFlag('message-bytes', flags['message-bytes'], 1, 60_000),
  idleConnections: numberFlag('idle-connections', flags['idle-connections'], 2, 100_000),
  idleLoginsPerSecond: numberFlag('idle-logins-per-s', flags['idle-logins-per-s'], 1, 100_000),
  groupCount: numberFlag('group-groups', flags['group-groups'], 1, 10_000),
  groupMembers: numberFlag('group-members', flags['group-members'], 2, 100),
  avchatMembers: numberFlag('avchat-members', flags['avchat-members'], 2, 200_000),
  avchatRate: numberFlag('avchat-rate', flags['avchat-rate'], 1, 40),
  avchatProcesses:
    flags['avchat-processes'] === 'auto'
      ? 'auto'
      : numberFlag('avchat-processes', flags['avchat-processes'], 1, 8),
  progress: flags.progress !== 'false',
};
const outPath = resolve(repoRoot, flags.out);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const startedAt = Date.now();
const machine = machineInfo();
if (machine.load_average_at_start > machine.cores) {
  log(
    `warning: load average ${machine.load_average_at_start} on ${machine.cores} cores: other work shares the machine`,
  );
}
const problems: string[] = [];

let embedded: EmbeddedPhaseResult | undefined;
if (flags.embedded !== 'skip') {
  try {
    embedded = await runEmbeddedPhase(settings, log);
  } catch (error) {
    problems.push(
      `embedded phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
let groups: GroupPhaseResult | undefined;
if (flags.groups !== 'skip') {
  try {
    groups = await runGroupPhase(settings, log);
  } catch (error) {
    problems.push(`group phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
let v4Sendmsg: Awaited<ReturnType<typeof runV4SendmsgPhase>> | undefined;
if (flags.embedded !== 'skip') {
  try {
    v4Sendmsg = await runV4SendmsgPhase(settings, log);
  } catch (error) {
    problems.push(
      `v4 sendmsg phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
let real: RealServicesPhaseResult | undefined;
if (flags['real-services'] !== 'skip') {
  try {
    real = await runRealServicesPhase(settings, log);
    if (!real)
      log('real services: skipped (PARLEY_MYSQL_URL, PARLEY_MONGO_URL, PARLEY_REDIS_URL not all set)');
  } catch (error) {
    problems.push(
      `real services phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

const result: Record<string, unknown> = {
  bench: 'parley',
  started_at: new Date(startedAt).toISOString(),
  duration_s: Math.round((Date.now() - startedAt) / 1000),
  machine: { ...machine, load_average_at_end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
  settings,
};
if (embedded) Object.assign(result, headlineFigures(embedded));
if (groups) Object.assign(result, groupFigures(groups));
if (v4Sendmsg) {
  result.rest = { ...(result.rest as object | undefined), ...v4SendmsgFigures(v4Sendmsg) };
  result.v4_sendmsg_run = v4Sendmsg;
}
result.real_services = real ? realFigures(real) : null;
// Every target is a figure of the embedded phase: none to judge when it was skipped.
const targetResults = flags.embedded === 'skip' ? [] : evaluateTargets(result);
result.targets = targetResults;
result.problems = problems;
if (embedded) result.runs = embedded;
if (groups) result.group_runs = groups;

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(result, null, 2)}\n`);
const report = renderBenchReport(result, targetResults, embedded, real, groups);
const v4Report = v4Sendmsg ? `\n\n${renderV4SendmsgRun(v4Sendmsg)}` : '';
process.stdout.write(`${report}${v4Report}\n\nJSON: ${outPath}\n`);
for (const problem of problems) process.stderr.write(`could not measure: ${problem}\n`);
process.exit(problems.length > 0 ? 1 : 0);

/**
 * The figures docs/performance.md and the targets name, from the interleaved rounds (medians). Telemetry overhead
 * is the extra CPU per request/message of the telemetry-on process (CPU per operation holds up on a shared
 * machine where throughput swings); the throughput-based figures are kept beside it.
 */
function headlineFigures(e: EmbeddedPhaseResult) {
  const rps = (runs: { rps: number }[]) => Math.round(median(runs.map((r) => r.rps)));
  const perS = (runs: { delivered_per_s: number }[]) =>
    Math.round(median(runs.map((r) => r.delivered_per_s)));
  const cpu = (runs: { cpu_us_per_op: number }[]) => median(runs.map((r) => r.cpu_us_per_op));
  const { config_read: read, c2c_closed: closed, c2c_open: open } = e;
  const configRead = rps(read.telemetry_on);
  const fastify = rps(read.fastify);
  const c2c = perS(closed.telemetry_on);
  const relay = perS(closed.ws_relay);
  const extra = (on: number, off: number) => round(((on - off) / off) * 100, 2);
  const restCpuOverhead = extra(cpu(read.telemetry_on), cpu(read.telemetry_off));
  const c2cCpuOverhead = extra(cpu(closed.telemetry_on), cpu(closed.telemetry_off));
  const lost = (on: number, off: number) => round(((off - on) / off) * 100, 2);
  return {
    c2c: {
      delivered_per_s: c2c,
      cpu_us_per_msg: cpu(closed.telemetry_on),
      open_loop_rate_per_s: open.parley.target_rate_per_s,
      ...latencyFigures(open.parley),
    },
    rest: {
      config_read_rps: configRead,
      config_read_p99_ms: median(read.telemetry_on.map((r) => r.latency_ms.p99)),
      config_read_cpu_us_per_req: cpu(read.telemetry_on),
    },
    baseline: {
      ws_relay_per_s: relay,
      ws_relay_cpu_us_per_msg: cpu(closed.ws_relay),
      ws_relay_p50_ms_at_same_rate: open.ws_relay.latency.p50_ms,
      ws_relay_p99_ms_at_same_rate: open.ws_relay.latency.p99_ms,
      fastify_rps: fastify,
      fastify_cpu_us_per_req: cpu(read.fastify),
    },
    ratio: {
      c2c_to_ws_relay: round(c2c / relay, 3),
      config_read_to_fastify: round(configRead / fastify, 3),
      c2c_to_ws_relay_by_cpu: round(cpu(closed.ws_relay) / cpu(closed.telemetry_on), 3),
      config_read_to_fastify_by_cpu: round(cpu(read.fastify) / cpu(read.telemetry_on), 3),
    },
    telemetry: {
      overhead_pct: Math.max(restCpuOverhead, c2cCpuOverhead),
      config_read_cpu_overhead_pct: restCpuOverhead,
      c2c_cpu_overhead_pct: c2cCpuOverhead,
      config_read_throughput_overhead_pct: lost(configRead, rps(read.telemetry_off)),
      c2c_throughput_overhead_pct: lost(c2c, perS(closed.telemetry_off)),
      config_read_rps_off: rps(read.telemetry_off),
      c2c_delivered_per_s_off: perS(closed.telemetry_off),
    },
    conn: {
      idle_bytes_per_conn: e.idle.idle_bytes_per_conn,
      idle_connections: e.idle.connections,
      rss_before_bytes: e.idle.rss_before_bytes,
      rss_after_bytes: e.idle.rss_after_bytes,
      logins_per_s: e.idle.connect.logins_per_s,
    },
  };
}

/**
 * Group fan-out: pushes/s of Work groups at the closed-loop maximum and p99 from send to each member's push at half
 * of it; the AVChatRoom's pushes/s and p99 at its fixed rate in. CPU per push and RSS per member beside them.
 */
function groupFigures(g: GroupPhaseResult) {
  const closed = g.work.traffic.find((r) => r.pattern === 'closed-loop');
  const open = g.work.traffic.find((r) => r.pattern === 'open-loop');
  const room = g.avchat.traffic;
  const relayClosed = g.ws_broadcast.traffic.find((r) => r.pattern === 'closed-loop');
  const relayOpen = g.ws_broadcast.traffic.find((r) => r.pattern === 'open-loop');
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? round(a / b, 3) : null;
  return {
    group: {
      fanout_deliveries_per_s: closed?.delivered_per_s ?? null,
      fanout_messages_per_s: closed?.messages_per_s ?? null,
      fanout_cpu_us_per_delivery: closed?.cpu_us_per_delivery ?? null,
      fanout_open_loop_rate_per_s: open?.target_rate_per_s ?? null,
      fanout_p50_ms: open ? latencyFigures(open).p50_ms : null,
      fanout_p99_ms: open ? latencyFigures(open).p99_ms : null,
      bytes_per_member: g.work.memory.bytes_per_member,
      groups: g.work.groups,
      members_per_group: g.work.members_per_group,
      lost: g.work.traffic.reduce((sum, r) => sum + r.lost, 0),
      ws_broadcast_deliveries_per_s: relayClosed?.delivered_per_s ?? null,
      ws_broadcast_cpu_us_per_delivery: relayClosed?.cpu_us_per_delivery ?? null,
      ws_broadcast_p99_ms_at_same_rate: relayOpen ? latencyFigures(relayOpen).p99_ms : null,
      to_ws_broadcast: ratio(closed?.delivered_per_s, relayClosed?.delivered_per_s),
      to_ws_broadcast_by_cpu: ratio(relayClosed?.cpu_us_per_delivery, closed?.cpu_us_per_delivery),
    },
    avchat: {
      deliveries_per_s: room.delivered_per_s,
      rate_in_per_s: room.target_rate_per_s ?? null,
      p50_ms: latencyFigures(room).p50_ms,
      p99_ms: latencyFigures(room).p99_ms,
      cpu_us_per_delivery: room.cpu_us_per_delivery,
      bytes_per_member: g.avchat.memory.bytes_per_member,
      members: g.avchat.members,
      processes: g.avchat.processes,
      backend: g.avchat.backend,
      lost: room.lost,
    },
  };
}

function realFigures(r: RealServicesPhaseResult) {
  return {
    services: r.services,
    config_read_rps: r.config_read.rps,
    config_read_p99_ms: r.config_read.latency_ms.p99,
    c2c_delivered_per_s: r.c2c_closed.delivered_per_s,
    c2c_open_loop_rate_per_s: r.c2c_open.target_rate_per_s,
    c2c_p50_ms: latencyFigures(r.c2c_open).p50_ms,
    c2c_p99_ms: latencyFigures(r.c2c_open).p99_ms,
    runs: r,
  };
}

/** Percentiles of a run, or null when nothing was delivered (a run with no latency has no p99 of 0). */
function latencyFigures(run: {
  latency: { count: number; p50_ms: number; p90_ms: number; p99_ms: number; p999_ms: number; max_ms: number };
}) {
  const l = run.latency;
  const value = (ms: number) => (l.count > 0 ? ms : null);
  return {
    p50_ms: value(l.p50_ms),
    p90_ms: value(l.p90_ms),
    p99_ms: value(l.p99_ms),
    p999_ms: value(l.p999_ms),
    max_ms: value(l.max_ms),
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
