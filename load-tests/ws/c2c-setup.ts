import { randomBytes } from 'node:crypto';
import { type AdminClient, loadTestAppConfig } from '../lib/admin-client.ts';
import type { GeneratorMode } from './ws-load-generator.ts';

export interface C2cUsers {
  app: { sdkAppId: number; secretKey: string } | undefined;
  userIds: string[];
  /** Connection i messages connection i ^ 1: pairs (0,1), (2,3), … */
  peerOf: (index: number) => string;
}

/** Ids for `count` connections (an even number); in Parley mode a fresh app with the accounts imported. */
export async function setUpC2cUsers(
  mode: GeneratorMode,
  admin: AdminClient | undefined,
  count: number,
  prefix = 'c2c',
): Promise<C2cUsers> {
  const run = randomBytes(3).toString('hex');
  const userIds = Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}`);
  const peerOf = (index: number) => userIds[index ^ 1] ?? userIds[0] ?? '';
  if (mode === 'relay') return { app: undefined, userIds, peerOf };
  if (!admin) throw new Error('parley mode needs the admin API');
  const app = await admin.createApp(loadTestAppConfig);
  await admin.importUsers(app.sdkAppId, userIds);
  return { app, userIds, peerOf };
}

/** Ids for more accounts of an existing app (idle connections on top of the traffic pairs). */
export async function importMoreUsers(
  admin: AdminClient,
  sdkAppId: number,
  count: number,
  prefix: string,
): Promise<string[]> {
  const run = randomBytes(3).toString('hex');
  const userIds = Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}`);
  await admin.importUsers(sdkAppId, userIds);
  return userIds;
}
