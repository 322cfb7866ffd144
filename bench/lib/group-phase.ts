import { startParleyNodes } from '../../load-tests/lib/parley-nodes.ts';
import {
  type AvChatResult,
  runAvChatRoom,
  runWorkGroups,
  runWorkGroupsOnRelay,
  type WorkGroupRelayResult,
  type WorkGroupResult,
} from '../../load-tests/ws/group-scenarios.ts';
import type { BenchSettings } from './embedded-phase.ts';
import { spawnBaseline } from './spawn-baseline.ts';

export interface GroupPhaseResult {
  work: WorkGroupResult;
  /** The same groups on the bare broadcast baseline: closed loop, then open loop at Parley's open-loop rate. */
  ws_broadcast: WorkGroupRelayResult;
  avchat: AvChatResult;
}

/**
 * Group fan-out at bench size (load-tests/ws/group-load.ts at full size): (a) Work groups on a fresh embedded
 * Parley, every member online and sending in turn, closed loop (the maximum) then open loop at half of it (the
 * latency), and the same on the bare ws broadcast baseline; (b) one AVChatRoom at a fixed rate in, its members spread over two processes on the real services
 * when their URLs are set (one embedded process otherwise; the result names which).
 */
export async function runGroupPhase(
  s: BenchSettings,
  log: (line: string) => void,
): Promise<GroupPhaseResult> {
  const common = {
    messageBytes: s.messageBytes,
    loginsPerSecond: 500,
    connectTimeoutMs: 120_000,
    durationMs: s.durationS * 1000,
    warmupMs: 1000,
    progress: s.progress,
  };
  log(`group fan-out: ${s.groupCount} Work groups × ${s.groupMembers} members on a fresh embedded Parley…`);
  const embedded = await startParleyNodes(1, process.env);
  const layout = {
    ...common,
    groups: s.groupCount,
    membersPerGroup: s.groupMembers,
    pattern: 'both' as const,
    window: 1,
    ratePerS: 1,
  };
  let work: WorkGroupResult;
  try {
    work = await runWorkGroups(embedded, layout);
  } finally {
    await embedded.stop();
  }
  const openRatePerS = work.traffic.find((r) => r.pattern === 'open-loop')?.target_rate_per_s ?? 1;
  log(`group fan-out: the same groups on the bare ws broadcast baseline (open loop at ${openRatePerS}/s)…`);
  const broadcast = await spawnBaseline('ws-broadcast-server.ts');
  let wsBroadcast: WorkGroupRelayResult;
  try {
    wsBroadcast = await runWorkGroupsOnRelay(`ws://127.0.0.1:${broadcast.port}/`, broadcast.pid, {
      ...layout,
      openRatePerS,
    });
  } finally {
    await broadcast.stop();
  }

  const processes = s.avchatProcesses === 'auto' ? (hasRealServices() ? 2 : 1) : s.avchatProcesses;
  log(`AVChatRoom: ${s.avchatMembers} members over ${processes} process(es), ${s.avchatRate} msgs/s in…`);
  const nodes = await startParleyNodes(processes, process.env);
  try {
    const avchat = await runAvChatRoom(nodes, {
      ...common,
      members: s.avchatMembers,
      ratePerS: s.avchatRate,
      senders: Math.min(20, s.avchatMembers),
    });
    return { work, ws_broadcast: wsBroadcast, avchat };
  } finally {
    await nodes.stop();
  }
}

function hasRealServices(): boolean {
  const env = process.env;
  return Boolean(env.PARLEY_MYSQL_URL && env.PARLEY_MONGO_URL && env.PARLEY_REDIS_URL);
}
