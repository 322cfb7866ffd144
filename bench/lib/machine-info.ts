import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../load-tests/lib/parley-process.ts';

/** The packages whose versions shape the figures. */
const PACKAGES = [
  'ws',
  'fastify',
  'fastify-type-provider-zod',
  'zod',
  'better-sqlite3',
  'pino',
  'tsx',
  'autocannon',
  'hdr-histogram-js',
  'mysql2',
  'mongodb',
  'ioredis',
];

export interface MachineInfo {
  cpu_model: string;
  cores: number;
  memory_bytes: number;
  kernel: string;
  node: string;
  /** 1-minute load average when the bench started: far above the core count, the machine was shared. */
  load_average_at_start: number;
  packages: Record<string, string>;
  git_commit: string;
  git_dirty: boolean;
}

export function machineInfo(): MachineInfo {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'));
      packages[name] = String((manifest as { version?: unknown }).version);
    } catch {
      packages[name] = 'not installed';
    }
  }
  return {
    cpu_model: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_bytes: totalmem(),
    kernel: release(),
    node: process.version,
    load_average_at_start: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    packages,
    git_commit: git(['rev-parse', 'HEAD']),
    git_dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
