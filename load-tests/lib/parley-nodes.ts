import { AdminClient } from './admin-client.ts';
import { type ParleyProcess, spawnParley } from './parley-process.ts';
import { prepareRealServices } from './real-services.ts';

/** Parley processes a load run spreads its clients over, and the admin API of the first. */
export interface ParleyNodes {
  processes: ParleyProcess[];
  admin: AdminClient;
  wsUrls: string[];
  /** What they run on: `embedded`, or the real services' description. */
  backend: string;
  /** Stops every process (by its PID) and drops the fresh databases. */
  stop(): Promise<void>;
}

/**
 * One process on the embedded default, or `count` processes sharing fresh databases on MySQL, MongoDB and Redis
 * (a cluster: each its own node, group pushes routed between them over Redis). More than one needs
 * PARLEY_MYSQL_URL, PARLEY_MONGO_URL and PARLEY_REDIS_URL.
 */
export async function startParleyNodes(
  count: number,
  env: NodeJS.ProcessEnv,
  options: { telemetry?: boolean } = {},
): Promise<ParleyNodes> {
  const telemetry = { PARLEY_TELEMETRY: options.telemetry === false ? 'false' : 'true' };
  const services = count > 1 ? await prepareRealServices(env) : undefined;
  if (count > 1 && !services) {
    throw new Error(
      `${count} processes share real services: set PARLEY_MYSQL_URL, PARLEY_MONGO_URL, PARLEY_REDIS_URL`,
    );
  }
  const processes: ParleyProcess[] = [];
  const stop = async () => {
    for (const process of processes.splice(0)) await process.stop().catch(() => {});
    await services?.drop().catch(() => {});
  };
  try {
    // One at a time: the first migrates the fresh databases, and parallel start-ups only compete for the cores.
    for (let i = 0; i < count; i++)
      processes.push(await spawnParley({ env: { ...services?.env, ...telemetry } }));
  } catch (error) {
    await stop();
    throw error;
  }
  const first = processes[0];
  if (!first) throw new Error('no Parley process started');
  return {
    processes,
    admin: new AdminClient(first.adminUrl, first.operatorToken),
    wsUrls: processes.map((p) => p.wsUrl),
    backend: services ? services.describe : 'embedded',
    stop,
  };
}
