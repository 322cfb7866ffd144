import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { processRssBytes } from './process-rss.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const gcPreload = fileURLToPath(new URL('./gc-on-signal.ts', import.meta.url));

export interface SpawnParleyOptions {
  /** PARLEY_* variables on top of the ports, data dir and operator token chosen here. */
  env?: Record<string, string>;
  /** Write a V8 CPU profile (`--cpu-prof`) into this folder when the process exits. */
  cpuProfileDir?: string;
  /** More Node flags for the Parley process (e.g. `--trace-gc`); its stdout and stderr go to the log. */
  nodeArgs?: string[];
  /** Keep the data dir and the log after stop (for a look at what happened). */
  keepDataDir?: boolean;
  startTimeoutMs?: number;
}

/** A Parley running as its own process (its own event loop, apart from the load generator). */
export interface ParleyProcess {
  pid: number;
  adminUrl: string;
  wsUrl: string;
  operatorToken: string;
  dataDir: string;
  logPath: string;
  rssBytes(): number;
  /** Asks the process for a full GC (SIGUSR2, see gc-on-signal.ts) and waits for it to settle. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `node apps/server/src/main.ts` (Node strips the types; no transpiler) on free loopback ports with a fresh temp data dir. The
 * parent's PARLEY_* variables are not inherited: the caller says exactly which backends the process gets.
 */
export async function spawnParley(options: SpawnParleyOptions = {}): Promise<ParleyProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-load-'));
  const logPath = join(dataDir, 'parley.log');
  const [adminPort, gatewayPort] = [await freePort(), await freePort()];
  const operatorToken = randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PARLEY_')) env[key] = value;
  Object.assign(env, {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_ADMIN_HOST: '127.0.0.1',
    PARLEY_ADMIN_PORT: String(adminPort),
    PARLEY_GATEWAY_HOST: '127.0.0.1',
    PARLEY_GATEWAY_PORT: String(gatewayPort),
    PARLEY_OPERATOR_TOKEN: operatorToken,
    ...options.env,
  });
  const nodeArgs = ['--expose-gc', '--import', gcPreload];
  if (options.nodeArgs) nodeArgs.push(...options.nodeArgs);
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const logFd = openSync(logPath, 'a');
  const child = spawn(process.execPath, [...nodeArgs, 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const adminUrl = `http://127.0.0.1:${adminPort}`;

  const cleanUp = () => {
    if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(adminUrl, child, exited, options.startTimeoutMs ?? 90_000, logPath);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('Parley process has no pid');

  return {
    pid,
    adminUrl,
    wsUrl: `ws://127.0.0.1:${gatewayPort}/v1/ws`,
    operatorToken,
    dataDir,
    logPath,
    rssBytes: () => processRssBytes(pid),
    async collectGarbage() {
      child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      cleanUp();
    },
  };
}

async function waitReady(
  adminUrl: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
  logPath: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone) {
      throw new Error(`Parley exited with ${child.exitCode} while starting:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${adminUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Parley did not answer ${adminUrl}/healthz within ${timeoutMs} ms:\n${tail(logPath)}`);
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
