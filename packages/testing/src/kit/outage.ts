import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { errorCatalogue, type SendResult } from '@parley/protocol';
import { text } from './message-body.ts';
import type { TestSocket } from './test-socket.ts';
import { sleep } from './wait.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The bound for "fails clearly and fast": the stores' timeouts are 2-3 s; a busy machine gets slack. */
export const FAIL_BOUND_MS = 15_000;

export type SharedService = 'redis' | 'mariadb' | 'ferretdb';

/**
 * Stops, starts or kills (SIGKILL, a crash) a shared service with its infra/local script (by its recorded PID, never
 * by name). Only the `*.restart.test.ts` files call this: vitest runs them alone, one at a time, after every other
 * test. The scripts read the service ports and state directory from the environment, as the tests' URLs do.
 */
export async function service(name: SharedService, command: 'stop' | 'start' | 'kill'): Promise<void> {
  await run('bash', [`infra/local/${name}.sh`, command], { cwd: REPO_ROOT, timeout: 180_000 });
}

/** Tries `attempt` until it returns a value, within `boundMs`; undefined means "not yet". */
export async function eventually<T>(
  what: string,
  boundMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${boundMs} ms`);
    await sleep(250);
  }
}

/** GET /readyz of an admin API: its status and the per-backend checks. */
export async function readiness(
  adminUrl: string,
): Promise<{ status: number; checks: Record<string, string> | undefined }> {
  const response = await fetch(`${adminUrl}/readyz`);
  const body = (await response.json()) as { checks?: Record<string, string> };
  return { status: response.status, checks: body.checks };
}

/**
 * Sends a text message with a given random, again while the reply is STORAGE_UNAVAILABLE (a backend still coming
 * back), within `boundMs`; any other error fails.
 */
export async function sendWhenBack(
  socket: TestSocket,
  to: string,
  random: number,
  boundMs = 30_000,
): Promise<SendResult> {
  return eventually(`a send to ${to} after the outage`, boundMs, async () => {
    const reply = await socket.request('send', { to, random, body: text(`r${random}`) }, FAIL_BOUND_MS);
    if (reply.ok) return reply.data;
    if (reply.error.code === errorCatalogue.STORAGE_UNAVAILABLE.code) return undefined;
    throw new Error(`send after the outage failed: ${JSON.stringify(reply.error)}`);
  });
}
