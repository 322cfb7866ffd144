import type { ParleyNodes } from '../lib/parley-nodes.ts';
import { processCpuMs } from '../lib/process-cpu.ts';
import { GroupLoadGenerator, type GroupTrafficResult } from './group-load-generator.ts';
import { type GroupSetup, setUpAvChatRoom, setUpWorkGroups } from './group-setup.ts';
import type { ConnectResult } from './login-ramp.ts';

/** A phase with the CPU time the Parley processes used (user + system, all of them) and that per push. */
export type WithCpu<T> = T & { cpu_ms: number; cpu_us_per_delivery: number };

export interface MemberMemory {
  /**
   * Sum over the Parley processes, after a full GC each, between the first tenth of the members (which warm the
   * processes up: code, pools, caches) and the rest; per member of the rest. The connection is included.
   */
  rss_before_bytes: number;
  rss_after_bytes: number;
  measured_members: number;
  bytes_per_member: number;
}

export interface ScenarioCommon {
  messageBytes: number;
  loginsPerSecond: number;
  connectTimeoutMs: number;
  durationMs: number;
  warmupMs: number;
  progress: boolean;
  sourceAddresses?: number;
}

export interface WorkGroupOptions extends ScenarioCommon {
  groups: number;
  membersPerGroup: number;
  /** closed (maximum), open (`ratePerS`), or both (open at half the closed maximum). */
  pattern: 'closed' | 'open' | 'both';
  /** Closed loop: messages in flight per group. */
  window: number;
  /** Open loop: group messages/s in total. */
  ratePerS: number;
}

export interface WorkGroupResult {
  scenario: 'work';
  backend: string;
  processes: number;
  groups: number;
  members_per_group: number;
  connect: ConnectResult;
  memory: MemberMemory;
  traffic: WithCpu<GroupTrafficResult>[];
}

export interface AvChatOptions extends ScenarioCommon {
  members: number;
  /** Messages/s into the room, from `senders` members in turn. */
  ratePerS: number;
  senders: number;
}

export interface AvChatResult {
  scenario: 'avchat';
  backend: string;
  processes: number;
  members: number;
  connect: ConnectResult;
  memory: MemberMemory;
  traffic: WithCpu<GroupTrafficResult>;
}

/** (a) Work groups, every member online and sending in turn: the closed-loop maximum and/or an open-loop rate. */
export async function runWorkGroups(nodes: ParleyNodes, o: WorkGroupOptions): Promise<WorkGroupResult> {
  const setup = await setUpWorkGroups(nodes.admin, o.groups, o.membersPerGroup);
  return withMembers(nodes, setup, o, 'work', async (generator, connect, memory) => {
    const traffic: WithCpu<GroupTrafficResult>[] = [];
    const phase = { durationMs: o.durationMs, warmupMs: o.warmupMs };
    if (o.pattern !== 'open') {
      traffic.push(
        await withCpu(pidsOf(nodes), () => generator.runClosedLoop({ ...phase, window: o.window })),
      );
    }
    if (o.pattern !== 'closed') {
      const closedMax = traffic[0]?.messages_per_s;
      const ratePerS =
        o.pattern === 'both' && closedMax ? Math.max(1, Math.round(closedMax / 2)) : o.ratePerS;
      traffic.push(await withCpu(pidsOf(nodes), () => generator.runOpenLoop({ ...phase, ratePerS })));
    }
    return {
      scenario: 'work' as const,
      backend: nodes.backend,
      processes: nodes.processes.length,
      groups: o.groups,
      members_per_group: o.membersPerGroup,
      connect,
      memory,
      traffic,
    };
  });
}

export interface WorkGroupRelayResult {
  groups: number;
  members_per_group: number;
  traffic: WithCpu<GroupTrafficResult>[];
}

/**
 * The same Work-group layout and patterns on the bare broadcast baseline (bench/baselines/ws-broadcast-server.ts,
 * process `pid`): closed loop, then open loop at `openRatePerS` (Parley's rate, for latency at the same load).
 */
export async function runWorkGroupsOnRelay(
  wsUrl: string,
  pid: number,
  o: WorkGroupOptions & { openRatePerS: number },
): Promise<WorkGroupRelayResult> {
  const members = Array.from({ length: o.groups * o.membersPerGroup }, (_, i) => ({
    userId: `relay-${i}`,
    groupId: `g${Math.floor(i / o.membersPerGroup)}`,
    join: false,
  }));
  const generator = new GroupLoadGenerator({
    wsUrls: [wsUrl],
    mode: 'relay',
    sourceAddresses: o.sourceAddresses ?? 8,
    messageBytes: o.messageBytes,
    progress: o.progress,
    label: 'ws broadcast',
  });
  try {
    const connect = await generator.connect(members, o.loginsPerSecond, o.connectTimeoutMs);
    if (connect.failed > 0) throw new Error(`ws broadcast: ${connect.failed} connections failed`);
    const phase = { durationMs: o.durationMs, warmupMs: o.warmupMs };
    return {
      groups: o.groups,
      members_per_group: o.membersPerGroup,
      traffic: [
        await withCpu([pid], () => generator.runClosedLoop({ ...phase, window: o.window })),
        await withCpu([pid], () => generator.runOpenLoop({ ...phase, ratePerS: o.openRatePerS })),
      ],
    };
  } finally {
    await generator.close();
  }
}

/** (b) One AVChatRoom whose members are spread over the processes, `ratePerS` messages in. */
export async function runAvChatRoom(nodes: ParleyNodes, o: AvChatOptions): Promise<AvChatResult> {
  const setup = await setUpAvChatRoom(nodes.admin, o.members);
  return withMembers(nodes, setup, o, 'avchat', async (generator, connect, memory) => ({
    scenario: 'avchat' as const,
    backend: nodes.backend,
    processes: nodes.processes.length,
    members: o.members,
    connect,
    memory,
    traffic: await withCpu(pidsOf(nodes), () =>
      generator.runOpenLoop({
        durationMs: o.durationMs,
        warmupMs: o.warmupMs,
        ratePerS: o.ratePerS,
        sendersPerGroup: o.senders,
      }),
    ),
  }));
}

/** Logs every member in (RSS read between the first tenth and the rest), runs `body`, and closes the clients. */
async function withMembers<T>(
  nodes: ParleyNodes,
  setup: GroupSetup,
  o: ScenarioCommon,
  label: string,
  body: (generator: GroupLoadGenerator, connect: ConnectResult, memory: MemberMemory) => Promise<T>,
): Promise<T> {
  const generator = new GroupLoadGenerator({
    wsUrls: nodes.wsUrls,
    app: setup.app,
    sourceAddresses: o.sourceAddresses ?? 8,
    messageBytes: o.messageBytes,
    progress: o.progress,
    label,
  });
  try {
    const warm = Math.max(1, Math.floor(setup.members.length / 10));
    const first = await generator.connect(
      setup.members.slice(0, warm),
      o.loginsPerSecond,
      o.connectTimeoutMs,
    );
    const before = await rssAfterGc(nodes);
    const rest = await generator.connect(setup.members.slice(warm), o.loginsPerSecond, o.connectTimeoutMs);
    const after = await rssAfterGc(nodes);
    const connect = mergeConnects(first, rest);
    if (connect.failed > 0) {
      throw new Error(
        `${label}: ${connect.failed} of ${connect.requested} members failed: ${JSON.stringify(connect.errors)}`,
      );
    }
    const memory = {
      rss_before_bytes: before,
      rss_after_bytes: after,
      measured_members: rest.logged_in,
      bytes_per_member: rest.logged_in > 0 ? Math.round((after - before) / rest.logged_in) : Number.NaN,
    };
    return await body(generator, connect, memory);
  } finally {
    await generator.close();
  }
}

function mergeConnects(a: ConnectResult, b: ConnectResult): ConnectResult {
  const errors = { ...a.errors };
  for (const [code, n] of Object.entries(b.errors)) errors[code] = (errors[code] ?? 0) + n;
  const durationS = a.duration_s + b.duration_s;
  const loggedIn = a.logged_in + b.logged_in;
  return {
    requested: a.requested + b.requested,
    logged_in: loggedIn,
    failed: a.failed + b.failed,
    duration_s: Math.round(durationS * 100) / 100,
    logins_per_s: durationS > 0 ? Math.round(loggedIn / durationS) : 0,
    errors,
  };
}

async function rssAfterGc(nodes: ParleyNodes): Promise<number> {
  await Promise.all(nodes.processes.map((p) => p.collectGarbage()));
  return nodes.processes.reduce((sum, p) => sum + p.rssBytes(), 0);
}

function pidsOf(nodes: ParleyNodes): number[] {
  return nodes.processes.map((p) => p.pid);
}

async function withCpu(
  pids: readonly number[],
  run: () => Promise<GroupTrafficResult>,
): Promise<WithCpu<GroupTrafficResult>> {
  const cpu = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const before = cpu();
  const result = await run();
  const cpuMs = cpu() - before;
  return {
    ...result,
    cpu_ms: cpuMs,
    cpu_us_per_delivery:
      result.all_delivered > 0 ? Math.round((cpuMs * 1000 * 100) / result.all_delivered) / 100 : Number.NaN,
  };
}
