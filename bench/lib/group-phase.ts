import { startParleyNodes } from '../../load-tests/lib/parley-nodes.ts';
import {
  type AvChatResult,
  runAvChatRoom,
  runWorkGroups,
  type WorkGroupResult,
} from '../../load-tests/ws/group-scenarios.ts';
import type { BenchSettings } from './embedded-phase.ts';

export interface GroupPhaseResult {
  work: WorkGroupResult;
  avchat: AvChatResult;
}

/**
 * Group fan-out at bench size (load-tests/ws/group-load.ts at full size): (a) Work groups on a fresh embedded
 * Parley, every member online and sending in turn, closed loop (the maximum) then open loop at half of it (the
 * latency); (b) one AVChatRoom at a fixed rate in, its members spread over two processes on the real services
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
  let work: WorkGroupResult;
  try {
    work = await runWorkGroups(embedded, {
      ...common,
      groups: s.groupCount,
      membersPerGroup: s.groupMembers,
      pattern: 'both',
      window: 1,
      ratePerS: 1,
    });
  } finally {
    await embedded.stop();
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
    return { work, avchat };
  } finally {
    await nodes.stop();
  }
}

function hasRealServices(): boolean {
  const env = process.env;
  return Boolean(env.PARLEY_MYSQL_URL && env.PARLEY_MONGO_URL && env.PARLEY_REDIS_URL);
}
