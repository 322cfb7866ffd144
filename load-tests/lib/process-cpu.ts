import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux for every architecture in use). */
const USER_HZ = 100;

/**
 * CPU time a process has used so far (user + system), in milliseconds, from /proc/<pid>/stat. CPU per operation
 * holds up on a shared machine where throughput does not: other work steals wall time, not this process's CPU.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / USER_HZ;
}
