import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../admin-api-deps.ts';
import { loginService } from './login-service.ts';
import { openConfigService } from './openconfigsvr-service.ts';
import { openImService } from './openim-service.ts';
import { recentContactService } from './recentcontact-service.ts';
import type { RestService } from './rest-command.ts';
import { restEnvelopePlugin } from './rest-envelope.ts';

/**
 * Tencent Chat's server-side REST API (/v4) over the services /v1 and the gateway use: the account and mute services
 * always, kick, `openim` and `recentcontact` when the server wires the session and messaging services (docs/tencent-rest.md).
 */
export async function restApi(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const now = ctx.now ?? Date.now;
  const rest = ctx.rest;
  const services: RestService[] = [
    loginService({
      accounts: ctx.accounts,
      now,
      ...(rest ? { kick: rest.kick } : {}),
      ...(ctx.onAccountsDeleted ? { onAccountsDeleted: ctx.onAccountsDeleted } : {}),
    }),
    openConfigService({ accounts: ctx.accounts, now }),
  ];
  if (rest) {
    services.push(
      openImService({
        accounts: ctx.accounts,
        messaging: rest.messaging,
        adminMessaging: rest.adminMessaging,
        sessionsOf: rest.sessionsOf,
      }),
      recentContactService({ accounts: ctx.accounts, adminMessaging: rest.adminMessaging }),
    );
  }
  await app.register(restEnvelopePlugin, {
    appConfig: ctx.appConfig,
    ...(rest ? { rateLimiter: rest.rateLimiter } : {}),
    services,
  });
}
