import { formatNumber, renderTable } from '../lib/table.ts';
import { renderErrors } from './c2c-report.ts';
import type { GroupTrafficResult } from './group-load-generator.ts';
import type { MemberMemory, WithCpu } from './group-scenarios.ts';

/** One row per phase: the load, pushes/s, latency from send to each push, CPU per push, losses and errors. */
export function renderGroupTraffic(label: string, results: readonly WithCpu<GroupTrafficResult>[]): string {
  return renderTable([
    [
      'scenario',
      'pattern',
      'groups',
      'members',
      'load',
      'msgs/s',
      'deliveries/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'µs cpu/delivery',
      'lost',
      'errors',
    ],
    ...results.map((r) => [
      label,
      r.pattern,
      String(r.groups),
      String(r.members),
      r.target_rate_per_s === undefined ? `window ${r.window_per_group}` : `${r.target_rate_per_s}/s`,
      String(r.messages_per_s),
      String(r.delivered_per_s),
      formatNumber(r.latency.p50_ms),
      formatNumber(r.latency.p90_ms),
      formatNumber(r.latency.p99_ms),
      formatNumber(r.latency.max_ms),
      formatNumber(r.cpu_us_per_delivery, 1),
      String(r.lost),
      renderErrors(r.errors),
    ]),
  ]);
}

export function renderMemory(label: string, memory: MemberMemory): string {
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return (
    `${label}: RSS of the Parley processes ${mib(memory.rss_before_bytes)} → ${mib(memory.rss_after_bytes)} MiB ` +
    `over the last ${memory.measured_members} members to log in = ${memory.bytes_per_member} B per member ` +
    '(connection included)'
  );
}
