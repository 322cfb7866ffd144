import { parseArgs } from 'node:util';

/** A flag a load script accepts: its default, and what it means (printed by --help). */
export interface FlagSpec {
  default: string;
  help: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/**
 * Parses `--name value` flags against their specs; unknown flags and --help print the usage and exit.
 * Values stay strings here; `numberFlag` converts and checks the numeric ones.
 */
export function parseFlags<S extends FlagSpecs>(
  script: string,
  specs: S,
  argv: string[] = process.argv.slice(2),
): Record<keyof S, string> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const name of Object.keys(specs)) options[name] = { type: 'string' };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage(script, specs)}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage(script, specs));
    process.exit(0);
  }
  const result: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    result[name] = typeof value === 'string' ? value : spec.default;
  }
  return result as Record<keyof S, string>;
}

/** A numeric flag value, rejected with a clear message when it is not a number within bounds. */
export function numberFlag(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    process.stderr.write(`--${name} must be a number from ${min} to ${max} (got "${value}")\n`);
    process.exit(2);
  }
  return parsed;
}

function usage(script: string, specs: FlagSpecs): string {
  const lines = Object.entries(specs).map(
    ([name, spec]) =>
      `  --${name.padEnd(18)} ${spec.help}${spec.default ? ` (default ${spec.default})` : ''}`,
  );
  return `Usage: npx tsx ${script} [flags]\n${lines.join('\n')}\n`;
}
