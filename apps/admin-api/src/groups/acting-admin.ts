import type { RuntimeApp } from '@parley/app-config';
import type { Actor } from '@parley/domain';
import { ParleyError } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import { assertUsable } from '../plugins/app-guards.ts';

/** Never a session's instance ID (those are UUIDs): a message sent here is pushed to all of the sender's sessions. */
const ADMIN_API_INSTANCE = 'admin-api';

/**
 * Who the admin API is in an app's groups: an app admin, whom the domain gives owner rights in every group
 * (packages/domain/src/groups/group-access.ts). An administrator calling with their UserSig acts as themselves;
 * the operator acts as the app's first administrator (`config.admins` always has one, Tencent's
 * "administrator" by default). Group tips and callbacks name that identifier as the operator.
 */
function actingAdminOf(app: RuntimeApp, request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind === 'app-admin' && app.config.admins.includes(principal.identifier)) {
    return principal.identifier;
  }
  const [first] = app.config.admins;
  // The configuration schema requires at least one admin.
  if (first === undefined) throw new ParleyError('INTERNAL', { detail: 'The app has no administrator.' });
  return first;
}

/**
 * The actor of a group call on app `sdkAppId` (the one in the path): the acting admin, or `as` (a user the request names, e.g.
 * the sender of a message) with that user's own standing. `change`: the call changes something, which a
 * terminated app refuses (410 APP_TERMINATED).
 */
export async function groupActor(
  request: FastifyRequest,
  sdkAppId: number,
  options: { change: boolean; as?: string | undefined },
): Promise<Actor> {
  const app = await request.server.appConfig.runtime(sdkAppId);
  if (options.change) assertUsable(app);
  return adminApiActor(app, options.as ?? actingAdminOf(app, request), request.ip);
}

/**
 * The actor of a group call the admin API makes as `userId` (an app admin, who has owner rights in every group, or a
 * user the request names) from `clientIp`: /v1's group routes and /v4's `group_open_http_svc` act through it.
 */
export function adminApiActor(app: RuntimeApp, userId: string, clientIp: string): Actor {
  return { app, userId, instanceId: ADMIN_API_INSTANCE, platform: 'restapi', clientIp };
}
