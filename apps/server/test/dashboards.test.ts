import { readFileSync } from 'node:fs';
import { startTestParley } from '@parley/testing';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface Panel {
  title?: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(read('infra/grafana/parley.json')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: unknown }[] };
};
const rules = parse(read('infra/prometheus/alerts.yml')) as {
  groups: { name: string; rules: { alert: string; expr: string; labels: { severity: string } }[] }[];
};

/** Series made by Prometheus itself, not by the scraped process. */
const PROMETHEUS_OWN = new Set(['up']);
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'le',
]);

/** The metric names a PromQL expression selects (functions, label matchers, strings and durations removed). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\$\w+/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    const [, name, call] = match;
    if (!name || call || KEYWORDS.has(name) || /^\d/.test(name)) continue;
    names.add(name);
  }
  return [...names];
}

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** Name → type from the `# TYPE` lines of a Prometheus text exposition. */
function exported(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) types.set(match[1], match[2]);
  }
  return types;
}

/** True when `name` is a series the exposition serves (a histogram's name_bucket/_sum/_count included). */
function isServed(name: string, types: Map<string, string>): boolean {
  if (types.has(name) && types.get(name) !== 'histogram' && types.get(name) !== 'summary') return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && (types.get(base) === 'histogram' || types.get(base) === 'summary');
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Grafana dashboard and Prometheus alert rules', () => {
  const queries = [
    ...allPanels(dashboard.panels).flatMap((p) =>
      (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr })),
    ),
    ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: r.alert, expr: r.expr }))),
  ];

  it('parse, and cover what operators watch: connections, logins, messages, latency, failures, telemetry', () => {
    expect(dashboard.uid).toBe('parley-overview');
    const titles = allPanels(dashboard.panels).map((p) => p.title ?? '');
    for (const wanted of [
      /connections/i,
      /logins/i,
      /messages in \/ out/i,
      /send to push/i,
      /storage errors/i,
    ]) {
      expect(
        titles.some((t) => wanted.test(t)),
        String(wanted),
      ).toBe(true);
    }
    for (const wanted of [
      /callback queue/i,
      /telemetry/i,
      /success rate per interface/i,
      /delay per interface/i,
    ]) {
      expect(
        titles.some((t) => wanted.test(t)),
        String(wanted),
      ).toBe(true);
    }
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['ParleyNodeDown', 'ParleyStorageUnavailable', 'ParleyTelemetryDropping']),
    );
    for (const rule of alerts) expect(['critical', 'warning']).toContain(rule.labels.severity);
    expect(queries.length).toBeGreaterThan(20);
    // The extractor finds names (a check that finds none would pass anything).
    expect(metricNames('sum by (le) (rate(parley_x_bucket{a="b"}[5m])) / up')).toEqual([
      'parley_x_bucket',
      'up',
    ]);
  });

  it('reference only metrics a running Parley exports on the admin and the gateway port', async () => {
    const parley = await startTestParley();
    try {
      // Traffic, so the labelled series exist too: a login each, a message from alice to bob.
      const { sdkAppId, secretKey } = await parley.createApp();
      const sockets: TestSocket[] = [];
      for (const userId of ['alice', 'bob']) {
        const socket = await TestSocket.open(parley.wsUrl);
        const userSig = genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 600 });
        await socket.ok('login', { sdkAppId, userId, userSig, platform: 'web' });
        sockets.push(socket);
      }
      const [alice, bob] = sockets as [TestSocket, TestSocket];
      const pushed = bob.nextPush('message');
      await alice.ok('send', {
        to: 'bob',
        random: 7,
        body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }],
      });
      await pushed;

      const gatewayHttp = parley.wsUrl.replace('ws://', 'http://').replace('/v1/ws', '');
      for (const base of [parley.adminUrl, gatewayHttp]) {
        const text = await (await fetch(`${base}/metrics`)).text();
        const types = exported(text);
        for (const { where, expr } of queries) {
          for (const name of metricNames(expr)) {
            if (PROMETHEUS_OWN.has(name)) continue;
            expect(isServed(name, types), `${name} (in "${where}") on ${base}`).toBe(true);
          }
        }
        expect(sample(text, 'parley_gateway_connections')).toBe(2);
        expect(sample(text, 'parley_interface_calls_total{interface="ws.send",result="ok"}')).toBe(1);
        expect(sample(text, 'parley_interface_calls_total{interface="ws.login",result="ok"}')).toBe(2);
        expect(sample(text, 'parley_pushes_total{push="message"}')).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'parley_send_to_push_seconds_count')).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'parley_callback_queue_events{state="dead"}')).toBe(0);
      }
      for (const socket of sockets) socket.close();
    } finally {
      await parley.close();
    }
  });
});
