import { AdminClient } from './admin-client.ts';
import { spawnParley } from './parley-process.ts';

/** The Parley a load script talks to: one it was pointed at, or one it started (and stops). */
export interface LoadTarget {
  admin: AdminClient;
  wsUrl: string;
  /** The process id when the script started Parley itself. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export const targetFlags = {
  'admin-url': { default: '', help: 'admin API of a running Parley (default: start one, embedded)' },
  'ws-url': { default: '', help: 'its gateway, ws://127.0.0.1:PORT/v1/ws (with --admin-url)' },
  token: { default: '', help: 'its operator token (with --admin-url)' },
};

/** Only loopback targets: load never leaves this machine. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`refusing to load ${url}: load tests target loopback addresses only`);
  }
}

export async function resolveTarget(flags: {
  'admin-url': string;
  'ws-url': string;
  token: string;
}): Promise<LoadTarget> {
  if (flags['admin-url']) {
    assertLoopback(flags['admin-url']);
    if (flags['ws-url']) assertLoopback(flags['ws-url']);
    if (!flags.token) throw new Error('--token is required with --admin-url');
    return {
      admin: new AdminClient(flags['admin-url'], flags.token),
      wsUrl: flags['ws-url'],
      pid: undefined,
      stop: async () => {},
    };
  }
  process.stderr.write('starting Parley (embedded, separate process)…\n');
  const parley = await spawnParley();
  return {
    admin: new AdminClient(parley.adminUrl, parley.operatorToken),
    wsUrl: parley.wsUrl,
    pid: parley.pid,
    stop: () => parley.stop(),
  };
}
