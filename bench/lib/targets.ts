/** The performance targets `npm run bench` reports against (docs/performance.md). */
interface Target {
  key: string;
  op: '>=' | '<=';
  limit: number;
  unit: string;
  meaning: string;
}

const targets: readonly Target[] = [
  {
    key: 'ratio.c2c_to_ws_relay',
    op: '>=',
    limit: 0.5,
    unit: '',
    meaning: 'one-to-one delivered msgs/s, Parley over a bare ws relay',
  },
  {
    key: 'ratio.config_read_to_fastify',
    op: '>=',
    limit: 0.85,
    unit: '',
    meaning: 'config read req/s over a bare fastify JSON route',
  },
  {
    key: 'telemetry.overhead_pct',
    op: '<=',
    limit: 3,
    unit: '%',
    meaning: 'extra CPU per op with telemetry on (worst of config read and c2c)',
  },
  {
    key: 'conn.idle_bytes_per_conn',
    op: '<=',
    limit: 16_384,
    unit: 'B',
    meaning: 'RSS per authenticated idle connection',
  },
  {
    key: 'c2c.p99_ms',
    op: '<=',
    limit: 10,
    unit: 'ms',
    meaning: 'c2c p99 at half the maximum rate, open loop',
  },
];

export interface TargetResult extends Target {
  value: number | null;
  pass: boolean;
}

/** Reads each target's value from the result by its dotted key; a value that was not measured fails. */
export function evaluateTargets(result: Record<string, unknown>): TargetResult[] {
  return targets.map((target) => {
    const value = lookup(result, target.key);
    const pass = value !== null && (target.op === '>=' ? value >= target.limit : value <= target.limit);
    return { ...target, value, pass };
  });
}

function lookup(result: Record<string, unknown>, key: string): number | null {
  let at: unknown = result;
  for (const part of key.split('.')) {
    if (typeof at !== 'object' || at === null) return null;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}
