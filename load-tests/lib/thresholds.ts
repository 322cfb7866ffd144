import { formatNumber, renderTable } from './table.ts';

/** A pass/fail bound on one measured value. */
export interface Threshold {
  metric: string;
  op: '>=' | '<=';
  limit: number;
  unit: string;
}

export interface ThresholdResult extends Threshold {
  value: number;
  pass: boolean;
}

/** Checks each threshold against the measured values; a metric that was not measured fails. */
export function checkThresholds(
  values: Readonly<Record<string, number>>,
  thresholds: readonly Threshold[],
): ThresholdResult[] {
  return thresholds.map((t) => {
    const value = values[t.metric] ?? Number.NaN;
    const pass = Number.isFinite(value) && (t.op === '>=' ? value >= t.limit : value <= t.limit);
    return { ...t, value, pass };
  });
}

/** The threshold table: metric, measured value, bound, PASS/FAIL. */
export function renderThresholds(results: readonly ThresholdResult[]): string {
  return renderTable([
    ['threshold', 'measured', 'bound', 'result'],
    ...results.map((r) => [
      r.metric,
      `${formatNumber(r.value)} ${r.unit}`,
      `${r.op} ${formatNumber(r.limit)} ${r.unit}`,
      r.pass ? 'PASS' : 'FAIL',
    ]),
  ]);
}

/** Prints the summary and the thresholds; a failed threshold makes the script exit non-zero. */
export function reportThresholds(
  title: string,
  summary: string,
  results: readonly ThresholdResult[],
): boolean {
  const passed = results.every((r) => r.pass);
  process.stdout.write(
    `\n${title}\n\n${summary}\n\n${renderThresholds(results)}\n\n${passed ? 'PASS' : 'FAIL'}\n`,
  );
  if (!passed) process.exitCode = 1;
  return passed;
}
