import { formatNumber, renderTable } from '../lib/table.ts';
import type { ConnectResult } from './login-ramp.ts';
import type { TrafficResult } from './traffic-stats.ts';

export function renderConnect(result: ConnectResult): string {
  return renderTable([
    ['connections', 'logged in', 'failed', 'seconds', 'logins/s', 'errors'],
    [
      String(result.requested),
      String(result.logged_in),
      String(result.failed),
      formatNumber(result.duration_s),
      String(result.logins_per_s),
      renderErrors(result.errors),
    ],
  ]);
}

export function renderTraffic(results: readonly TrafficResult[]): string {
  return renderTable([
    [
      'pattern',
      'conns',
      'load',
      'delivered/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'p999 ms',
      'max ms',
      'lost',
      'errors',
    ],
    ...results.map((r) => [
      r.pattern,
      String(r.connections),
      r.target_rate_per_s === undefined ? `window ${r.window_per_connection}` : `${r.target_rate_per_s}/s`,
      String(r.delivered_per_s),
      formatNumber(r.latency.p50_ms),
      formatNumber(r.latency.p90_ms),
      formatNumber(r.latency.p99_ms),
      formatNumber(r.latency.p999_ms),
      formatNumber(r.latency.max_ms),
      String(r.lost),
      renderErrors(r.errors),
    ]),
  ]);
}

export function renderErrors(errors: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? '0' : entries.map(([code, n]) => `${code}:${n}`).join(' ');
}

export function errorTotal(errors: Readonly<Record<string, number>>): number {
  return Object.values(errors).reduce((sum, n) => sum + n, 0);
}
