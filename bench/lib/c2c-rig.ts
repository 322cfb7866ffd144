import type { AdminClient } from '../../load-tests/lib/admin-client.ts';
import { setUpC2cUsers } from '../../load-tests/ws/c2c-setup.ts';
import type { ConnectResult } from '../../load-tests/ws/login-ramp.ts';
import { type GeneratorMode, WsLoadGenerator } from '../../load-tests/ws/ws-load-generator.ts';

/** One target's c2c pairs, logged in and kept open between the phases of the run. */
export interface C2cRig {
  label: string;
  generator: WsLoadGenerator;
  connect: ConnectResult;
}

export interface C2cRigOptions {
  label: string;
  mode: GeneratorMode;
  wsUrl: string;
  admin?: AdminClient;
  connections: number;
  messageBytes: number;
  progress: boolean;
}

/** Creates the users (Parley: an app with imported accounts) and opens and logs in every pair. */
export async function openC2cRig(options: C2cRigOptions): Promise<C2cRig> {
  const users = await setUpC2cUsers(options.mode, options.admin, options.connections);
  const generator = new WsLoadGenerator({
    wsUrl: options.wsUrl,
    mode: options.mode,
    ...(users.app === undefined ? {} : { app: users.app }),
    sourceAddresses: 8,
    messageBytes: options.messageBytes,
    progress: options.progress,
    label: options.label,
  });
  const connect = await generator.connect(users.userIds, users.peerOf, 500, 60_000);
  if (connect.failed > 0) {
    throw new Error(
      `${options.label}: ${connect.failed} connections failed: ${JSON.stringify(connect.errors)}`,
    );
  }
  return { label: options.label, generator, connect };
}
