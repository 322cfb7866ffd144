import { numberFlag, parseFlags } from '../lib/cli-flags.ts';
import { resolveTarget, targetFlags } from '../lib/target.ts';
import { checkThresholds, reportThresholds, type Threshold } from '../lib/thresholds.ts';
import { errorTotal, renderConnect, renderTraffic } from './c2c-report.ts';
import { setUpC2cUsers } from './c2c-setup.ts';
import type { TrafficResult } from './traffic-stats.ts';
import { type GeneratorMode, WsLoadGenerator } from './ws-load-generator.ts';

// Measured on the 2-core reference machine (docs/performance.md), embedded default, 200 connections, 100-byte texts,
// machine shared with other work (load average 2–5): closed loop 1 600–3 600 msgs/s delivered; open loop at half
// that, p99 10–17 ms (150 ms at load average 17). The bounds: 1 000 msgs/s, p99 100 ms. Errors, lost messages
// and failed logins must be zero.
const thresholds: Threshold[] = [
  { metric: 'closed_delivered_per_s', op: '>=', limit: 1_000, unit: 'msgs/s' },
  { metric: 'open_p99_ms', op: '<=', limit: 100, unit: 'ms' },
  { metric: 'login_failures', op: '<=', limit: 0, unit: '' },
  { metric: 'errors', op: '<=', limit: 0, unit: '' },
  { metric: 'lost', op: '<=', limit: 0, unit: '' },
];

const flags = parseFlags('load-tests/ws/c2c-load.ts', {
  connections: { default: '200', help: 'WebSocket connections (even: they form pairs)' },
  'active-pairs': { default: '0', help: 'pairs that send (0: all); the rest stay idle' },
  'logins-per-s': { default: '500', help: 'login ramp rate' },
  pattern: {
    default: 'both',
    help: 'closed (max rate), open (--rate), or both (open at half the closed max)',
  },
  rate: { default: '1000', help: 'open-loop target, msgs/s in total (pattern open)' },
  window: { default: '4', help: 'closed loop: messages in flight per connection' },
  duration: { default: '10', help: 'measured seconds per phase' },
  warmup: { default: '2', help: 'unmeasured seconds before each phase' },
  'message-bytes': { default: '100', help: 'text size of each message' },
  'source-addresses': { default: '8', help: 'client sockets spread over 127.0.0.1 … 127.0.0.N' },
  'connect-timeout': { default: '120', help: 'seconds allowed for all logins' },
  mode: { default: 'parley', help: 'parley, or relay (a bare relay at --ws-url, no login)' },
  progress: { default: 'true', help: 'a status line on stderr every second' },
  ...targetFlags,
});
const connections = numberFlag('connections', flags.connections, 2, 200_000);
if (connections % 2 !== 0) throw new Error('--connections must be even');
const activePairs = numberFlag('active-pairs', flags['active-pairs'], 0, connections / 2);
const pattern = flags.pattern;
if (!['closed', 'open', 'both'].includes(pattern)) throw new Error('--pattern is closed, open or both');
const mode = flags.mode as GeneratorMode;
if (mode !== 'parley' && mode !== 'relay') throw new Error('--mode is parley or relay');
if (mode === 'relay' && !flags['ws-url']) throw new Error('--mode relay needs --ws-url of the relay');
const durationMs = numberFlag('duration', flags.duration, 1, 600) * 1000;
const warmupMs = numberFlag('warmup', flags.warmup, 0, 60) * 1000;

const target =
  mode === 'relay'
    ? { admin: undefined, wsUrl: flags['ws-url'], stop: async () => {} }
    : await resolveTarget(flags);
const users = await setUpC2cUsers(mode, target.admin, connections);
const generator = new WsLoadGenerator({
  wsUrl: target.wsUrl,
  mode,
  ...(users.app === undefined ? {} : { app: users.app }),
  sourceAddresses: numberFlag('source-addresses', flags['source-addresses'], 1, 250),
  messageBytes: numberFlag('message-bytes', flags['message-bytes'], 1, 60_000),
  progress: flags.progress !== 'false',
  label: 'c2c',
});
try {
  const connect = await generator.connect(
    users.userIds,
    users.peerOf,
    numberFlag('logins-per-s', flags['logins-per-s'], 1, 100_000),
    numberFlag('connect-timeout', flags['connect-timeout'], 1, 3600) * 1000,
  );
  const results: TrafficResult[] = [];
  const senders = activePairs === 0 ? undefined : activePairs * 2;
  if (pattern !== 'open') {
    results.push(
      await generator.runClosedLoop({
        durationMs,
        warmupMs,
        window: numberFlag('window', flags.window, 1, 10_000),
        ...(senders === undefined ? {} : { senders }),
      }),
    );
  }
  if (pattern !== 'closed') {
    const closedMax = results[0]?.delivered_per_s;
    const ratePerS =
      pattern === 'both' && closedMax
        ? Math.max(1, Math.round(closedMax / 2))
        : numberFlag('rate', flags.rate, 1);
    results.push(
      await generator.runOpenLoop({
        durationMs,
        warmupMs,
        ratePerS,
        ...(senders === undefined ? {} : { senders }),
      }),
    );
  }
  const closed = results.find((r) => r.pattern === 'closed-loop');
  const open = results.find((r) => r.pattern === 'open-loop');
  const values: Record<string, number> = {
    login_failures: connect.failed,
    errors: results.reduce((sum, r) => sum + errorTotal(r.errors), 0),
    lost: results.reduce((sum, r) => sum + r.lost, 0),
  };
  if (closed) values.closed_delivered_per_s = closed.delivered_per_s;
  if (open) values.open_p99_ms = open.latency.p99_ms;
  const applicable = thresholds.filter((t) => t.metric in values);
  process.stdout.write(`${JSON.stringify({ connect, traffic: results })}\n`);
  reportThresholds(
    `WebSocket load: one-to-one messages (${mode})`,
    `${renderConnect(connect)}\n\n${renderTraffic(results)}`,
    checkThresholds(values, applicable),
  );
} finally {
  await generator.close();
  await target.stop();
}
