import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../load-tests/lib/free-port.ts';
import { repoRoot } from '../../load-tests/lib/parley-process.ts';

export interface BaselineProcess {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** Starts one of bench/baselines/*.ts as its own process (like Parley: own event loop, plain node). */
export async function spawnBaseline(
  script: string,
  env: Record<string, string> = {},
): Promise<BaselineProcess> {
  const port = await freePort();
  const path = fileURLToPath(new URL(`../baselines/${script}`, import.meta.url));
  const child = spawn(process.execPath, [path], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not listen within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${script} has no pid`);
  return {
    pid,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
