import { numberFlag, parseFlags } from '../lib/cli-flags.ts';
import { type ParleyNodes, startParleyNodes } from '../lib/parley-nodes.ts';
import { checkThresholds, reportThresholds, type Threshold } from '../lib/thresholds.ts';
import { renderConnect } from './c2c-report.ts';
import { renderGroupTraffic, renderMemory } from './group-report.ts';
import { type AvChatResult, runAvChatRoom, runWorkGroups, type WorkGroupResult } from './group-scenarios.ts';

// Pass/fail is about correctness: every push of every message arrived, no error, every member logged in.
// docs/performance.md has the measured figures; they swing with the machine's other work.
const thresholds: Threshold[] = [
  { metric: 'login_failures', op: '<=', limit: 0, unit: '' },
  { metric: 'errors', op: '<=', limit: 0, unit: '' },
  { metric: 'lost', op: '<=', limit: 0, unit: '' },
];

const flags = parseFlags('load-tests/ws/group-load.ts', {
  scenario: { default: 'both', help: 'work (Work groups), avchat (one AVChatRoom), or both' },
  groups: { default: '200', help: 'work: Work groups' },
  members: { default: '50', help: 'work: members per group, all online, each sending in turn' },
  pattern: {
    default: 'both',
    help: 'work: closed (max rate), open (--rate), or both (open at half the max)',
  },
  window: { default: '1', help: 'work, closed loop: messages in flight per group (each group ≤ 32/s)' },
  rate: { default: '200', help: 'work, open loop: group messages/s in total (pattern open)' },
  'work-processes': { default: '1', help: 'work: Parley processes (more than 1: on the real services)' },
  'avchat-members': {
    default: '20000',
    help: 'avchat: members online in the room (the issue’s size; a 2-core machine handles ≈ 250: docs/performance.md)',
  },
  'avchat-rate': { default: '20', help: 'avchat: messages/s into the room' },
  'avchat-senders': { default: '20', help: 'avchat: members that send, in turn' },
  'avchat-processes': {
    default: '2',
    help: 'avchat: gateway processes the members spread over (more than 1: on the real services, PARLEY_*_URL)',
  },
  duration: { default: '10', help: 'measured seconds per phase' },
  warmup: { default: '2', help: 'unmeasured seconds before each phase' },
  'message-bytes': { default: '100', help: 'text size of each message' },
  'logins-per-s': { default: '500', help: 'login (and join) ramp rate' },
  'connect-timeout': { default: '600', help: 'seconds allowed for all logins (and joins)' },
  progress: { default: 'true', help: 'a status line on stderr every second' },
});
const scenario = flags.scenario;
if (!['work', 'avchat', 'both'].includes(scenario)) throw new Error('--scenario is work, avchat or both');
const pattern = flags.pattern as 'closed' | 'open' | 'both';
if (!['closed', 'open', 'both'].includes(pattern)) throw new Error('--pattern is closed, open or both');
const common = {
  messageBytes: numberFlag('message-bytes', flags['message-bytes'], 1, 10_000),
  loginsPerSecond: numberFlag('logins-per-s', flags['logins-per-s'], 1, 100_000),
  connectTimeoutMs: numberFlag('connect-timeout', flags['connect-timeout'], 1, 3600) * 1000,
  durationMs: numberFlag('duration', flags.duration, 1, 600) * 1000,
  warmupMs: numberFlag('warmup', flags.warmup, 0, 60) * 1000,
  progress: flags.progress !== 'false',
};

const sections: string[] = [];
const values = { login_failures: 0, errors: 0, lost: 0 };
const output: { work?: WorkGroupResult; avchat?: AvChatResult } = {};
const count = (errors: Record<string, number>) => Object.values(errors).reduce((sum, n) => sum + n, 0);

if (scenario !== 'avchat') {
  const processes = numberFlag('work-processes', flags['work-processes'], 1, 8);
  process.stderr.write(`work groups: starting ${processes} Parley process(es)…\n`);
  const work = await withNodes(processes, (nodes) =>
    runWorkGroups(nodes, {
      ...common,
      groups: numberFlag('groups', flags.groups, 1, 10_000),
      membersPerGroup: numberFlag('members', flags.members, 2, 100),
      pattern,
      window: numberFlag('window', flags.window, 1, 30),
      ratePerS: numberFlag('rate', flags.rate, 1, 100_000),
    }),
  );
  output.work = work;
  values.login_failures += work.connect.failed;
  for (const t of work.traffic) {
    values.errors += count(t.errors);
    values.lost += t.lost;
  }
  sections.push(
    `Work groups: ${work.groups} × ${work.members_per_group} members, ${work.processes} process(es), ${work.backend}`,
    renderConnect(work.connect),
    renderMemory('work', work.memory),
    renderGroupTraffic('work', work.traffic),
  );
}

if (scenario !== 'work') {
  const processes = numberFlag('avchat-processes', flags['avchat-processes'], 1, 8);
  process.stderr.write(`avchat: starting ${processes} Parley process(es)…\n`);
  const avchat = await withNodes(processes, (nodes) =>
    runAvChatRoom(nodes, {
      ...common,
      members: numberFlag('avchat-members', flags['avchat-members'], 2, 200_000),
      ratePerS: numberFlag('avchat-rate', flags['avchat-rate'], 1, 40),
      senders: numberFlag('avchat-senders', flags['avchat-senders'], 1, 200_000),
    }),
  );
  output.avchat = avchat;
  values.login_failures += avchat.connect.failed;
  values.errors += count(avchat.traffic.errors);
  values.lost += avchat.traffic.lost;
  sections.push(
    `AVChatRoom: ${avchat.members} members over ${avchat.processes} process(es), ${avchat.backend}`,
    renderConnect(avchat.connect),
    renderMemory('avchat', avchat.memory),
    renderGroupTraffic('avchat', [avchat.traffic]),
  );
}

process.stdout.write(`${JSON.stringify(output)}\n`);
reportThresholds('WebSocket load: group fan-out', sections.join('\n\n'), checkThresholds(values, thresholds));

async function withNodes<T>(processes: number, run: (nodes: ParleyNodes) => Promise<T>): Promise<T> {
  const nodes = await startParleyNodes(processes, process.env);
  try {
    return await run(nodes);
  } finally {
    await nodes.stop();
  }
}
