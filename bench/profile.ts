import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient, loadTestAppConfig } from '../load-tests/lib/admin-client.ts';
import { numberFlag, parseFlags } from '../load-tests/lib/cli-flags.ts';
import { repoRoot, spawnParley } from '../load-tests/lib/parley-process.ts';
import { formatNumber, renderTable } from '../load-tests/lib/table.ts';
import { configReadScenario } from '../load-tests/rest/config-read.ts';
import { runRestScenario } from '../load-tests/rest/rest-scenario.ts';
import { setUpC2cUsers } from '../load-tests/ws/c2c-setup.ts';
import { WsLoadGenerator } from '../load-tests/ws/ws-load-generator.ts';
import { type CpuProfile, type ProfileSummary, summariseCpuProfile } from './profile/cpu-profile-summary.ts';

/**
 * `npx tsx bench/profile.ts --scenario c2c|login|config-read`: runs one load against a Parley started with
 * `--cpu-prof`, stops it, and prints where its busy time went. The raw profile stays in bench/results/profiles/
 * (open it in Chrome DevTools › Performance, or speedscope).
 */
const flags = parseFlags('bench/profile.ts', {
  scenario: { default: 'c2c', help: 'c2c (send → store → deliver), login, or config-read' },
  duration: { default: '15', help: 'seconds of load' },
  connections: { default: '200', help: 'c2c: WebSocket connections; login: logins per round' },
  window: { default: '4', help: 'c2c: messages in flight per connection' },
  telemetry: { default: 'true', help: 'PARLEY_TELEMETRY of the profiled process' },
  out: { default: join(repoRoot, 'bench/results/profiles'), help: 'folder for the .cpuprofile and summary' },
});
const scenario = flags.scenario;
if (!['c2c', 'login', 'config-read'].includes(scenario))
  throw new Error('--scenario: c2c, login, config-read');
const durationS = numberFlag('duration', flags.duration, 1, 300);
const connections = numberFlag('connections', flags.connections, 2, 20_000);
const outDir = join(flags.out, `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(outDir, { recursive: true });

const parley = await spawnParley({ cpuProfileDir: outDir, env: { PARLEY_TELEMETRY: flags.telemetry } });
const admin = new AdminClient(parley.adminUrl, parley.operatorToken);
let measured = '';
try {
  if (scenario === 'config-read') {
    const { sdkAppId } = await admin.createApp(loadTestAppConfig);
    const result = await runRestScenario(parley.adminUrl, await configReadScenario(admin, sdkAppId), {
      durationS,
      connections: 10,
    });
    measured = `${result.rps} req/s, p99 ${result.latency_ms.p99} ms`;
  } else if (scenario === 'c2c') {
    const users = await setUpC2cUsers('parley', admin, connections);
    const generator = newGenerator(parley.wsUrl, users.app);
    await generator.connect(users.userIds, users.peerOf, 1000, 120_000);
    const result = await generator.runClosedLoop({
      durationMs: durationS * 1000,
      warmupMs: 0,
      window: numberFlag('window', flags.window, 1, 1000),
    });
    await generator.close();
    measured = `${result.delivered_per_s} msgs/s delivered, p99 ${result.latency.p99_ms} ms`;
  } else {
    // Rounds of logins as fast as they go, each round on fresh connections of already imported accounts.
    const users = await setUpC2cUsers('parley', admin, connections, 'login');
    const deadline = Date.now() + durationS * 1000;
    let logins = 0;
    let seconds = 0;
    while (Date.now() < deadline) {
      const generator = newGenerator(parley.wsUrl, users.app);
      const result = await generator.connect(users.userIds, users.peerOf, 100_000, 120_000);
      logins += result.logged_in;
      seconds += result.duration_s;
      await generator.close();
    }
    measured = `${Math.round(logins / seconds)} logins/s`;
  }
} finally {
  await parley.stop();
}

// The loader's worker thread writes a small profile of its own: the main thread's is the largest.
const file = readdirSync(outDir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(join(outDir, b)).size - statSync(join(outDir, a)).size)[0];
if (!file) throw new Error(`no .cpuprofile in ${outDir}`);
const summary = summariseCpuProfile(JSON.parse(readFileSync(join(outDir, file), 'utf8')) as CpuProfile);
writeFileSync(
  join(outDir, 'summary.json'),
  `${JSON.stringify({ scenario, measured, ...summary }, null, 2)}\n`,
);
process.stdout.write(renderSummary(summary));
process.stdout.write(`\nload: ${measured}\nprofile: ${join(outDir, file)}\n`);

function newGenerator(wsUrl: string, app: { sdkAppId: number; secretKey: string } | undefined) {
  return new WsLoadGenerator({
    wsUrl,
    mode: 'parley',
    ...(app === undefined ? {} : { app }),
    sourceAddresses: 8,
    messageBytes: 100,
    progress: true,
    label: scenario,
  });
}

function renderSummary(s: ProfileSummary): string {
  const rows = (title: string, list: ProfileSummary['self']) =>
    renderTable([
      [title, 'ms', '% busy'],
      ...list.map((r) => [r.name, String(r.ms), formatNumber(r.pct, 1)]),
    ]);
  return [
    `profiled ${s.total_ms} ms: idle ${s.idle_ms} ms, GC ${s.gc_ms} ms`,
    rows('busy time by origin', s.by_origin),
    rows('self time', s.self),
    rows('inclusive time', s.inclusive),
  ].join('\n\n');
}
