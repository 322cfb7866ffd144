import { startTestParley, type TestParley } from '@parley/testing';
import type { FreshBackends } from './fresh-backends.ts';

/** One in-process Parley node on a deployment's fresh databases. */
export function startNode(
  backends: FreshBackends,
  env: Record<string, string>,
  options: NonNullable<Parameters<typeof startTestParley>[1]> = {},
): Promise<TestParley> {
  return startTestParley({ ...backends.env, PARLEY_TELEMETRY: 'false', ...env }, options);
}
