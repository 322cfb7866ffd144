import { formatNumber, renderTable } from '../../load-tests/lib/table.ts';
import { renderRestResult } from '../../load-tests/rest/rest-cli.ts';
import { renderConnect, renderTraffic } from '../../load-tests/ws/c2c-report.ts';
import { renderGroupTraffic, renderMemory } from '../../load-tests/ws/group-report.ts';
import type { EmbeddedPhaseResult } from './embedded-phase.ts';
import type { GroupPhaseResult } from './group-phase.ts';
import type { RealServicesPhaseResult } from './real-services-phase.ts';
import type { TargetResult } from './targets.ts';

/** The bench's printed report: targets with PASS/FAIL, then every run it is made of. */
export function renderBenchReport(
  result: Record<string, unknown>,
  targets: readonly TargetResult[],
  embedded: EmbeddedPhaseResult | undefined,
  real: RealServicesPhaseResult | undefined,
  groups?: GroupPhaseResult,
): string {
  const machine = result.machine as {
    cpu_model: string;
    cores: number;
    node: string;
    load_average_at_start: number;
  };
  const sections = [
    `Parley bench — ${machine.cpu_model}, ${machine.cores} cores, node ${machine.node}, ` +
      `load average ${machine.load_average_at_start} at start`,
    renderTable([
      ['target', 'measured', 'bound', 'result', 'meaning'],
      ...targets.map((t) => [
        t.key,
        t.value === null ? 'not measured' : `${formatNumber(t.value, 3)}${t.unit ? ` ${t.unit}` : ''}`,
        `${t.op} ${formatNumber(t.limit)}${t.unit ? ` ${t.unit}` : ''}`,
        t.pass ? 'PASS' : 'FAIL',
        t.meaning,
      ]),
    ]),
  ];
  if (embedded) {
    const rest = [
      ...embedded.config_read.telemetry_on.map((r) => ({ ...r, scenario: 'parley config read' })),
      ...embedded.config_read.telemetry_off.map((r) => ({
        ...r,
        scenario: 'parley config read, telemetry off',
      })),
      ...embedded.config_read.fastify,
    ];
    sections.push(`REST runs (autocannon)\n${rest.map(renderRestResult).join('\n')}`);
    const closed = embedded.c2c_closed;
    sections.push(
      'c2c runs (closed loop = maximum; open loop = half of it): Parley telemetry on, ws relay, Parley telemetry off\n' +
        renderTraffic([
          ...closed.telemetry_on,
          ...closed.ws_relay,
          ...closed.telemetry_off,
          embedded.c2c_open.parley,
          embedded.c2c_open.ws_relay,
        ]),
    );
    const cpuRows = (label: string, runs: readonly { cpu_ms: number; cpu_us_per_op: number }[]) =>
      runs.map((r, i) => [`${label} #${i + 1}`, formatNumber(r.cpu_ms, 0), formatNumber(r.cpu_us_per_op, 1)]);
    sections.push(
      `CPU of the server process per request / delivered message\n${renderTable([
        ['run', 'cpu ms', 'µs per op'],
        ...cpuRows('config read, telemetry on', embedded.config_read.telemetry_on),
        ...cpuRows('config read, telemetry off', embedded.config_read.telemetry_off),
        ...cpuRows('fastify baseline', embedded.config_read.fastify),
        ...cpuRows('c2c closed, telemetry on', closed.telemetry_on),
        ...cpuRows('c2c closed, telemetry off', closed.telemetry_off),
        ...cpuRows('ws relay closed', closed.ws_relay),
        ...cpuRows('c2c open, parley', [embedded.c2c_open.parley]),
        ...cpuRows('c2c open, ws relay', [embedded.c2c_open.ws_relay]),
      ])}`,
    );
    const idle = embedded.idle;
    sections.push(
      `idle connections: RSS ${mib(idle.rss_before_bytes)} → ${mib(idle.rss_after_bytes)} MiB over ` +
        `${idle.connections} connections = ${idle.idle_bytes_per_conn} B each\n${renderConnect(idle.connect)}`,
    );
  }
  if (groups) {
    const { work, avchat } = groups;
    sections.push(
      `group fan-out: ${work.groups} Work groups × ${work.members_per_group} members (${work.backend}); ` +
        `one AVChatRoom of ${avchat.members} members over ${avchat.processes} process(es) (${avchat.backend})\n` +
        `${renderGroupTraffic('work', work.traffic)}\n` +
        `${renderGroupTraffic('ws broadcast', groups.ws_broadcast.traffic)}\n` +
        `${renderGroupTraffic('avchat', [avchat.traffic])}\n` +
        `${renderMemory('work', work.memory)}\n` +
        renderMemory('avchat', avchat.memory),
    );
  }
  if (real) {
    sections.push(
      `real services (${real.services})\n${renderRestResult(real.config_read)}\n` +
        renderTraffic([real.c2c_closed, real.c2c_open]),
    );
  }
  const passed = targets.filter((t) => t.pass).length;
  sections.push(`${passed}/${targets.length} targets PASS`);
  return sections.join('\n\n');
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
