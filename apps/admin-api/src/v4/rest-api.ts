import type { FastifyInstance } from 'fastify';
import type { RestDeps } from '../admin-api-deps.ts';
import { groupOpenHttpService } from './group-open-http-service.ts';
import { loginService } from './login-service.ts';
import { openConfigService } from './openconfigsvr-service.ts';
import { openImService } from './openim-service.ts';
import { profileService } from './profile-service.ts';
import { recentContactService } from './recentcontact-service.ts';
import type { RestService } from './rest-command.ts';
import { restEnvelopePlugin } from './rest-envelope.ts';
import { snsService } from './sns-service.ts';

/**
 * Tencent Chat's server-side REST API (/v4) over the services /v1 and the gateway use: the account, mute, profile and
 * group services always, kick, `openim`, `recentcontact` and `sns` when the server wires the session and messaging
 * services (docs/tencent-rest.md).
 */
export async function restApi(app: FastifyInstance, { rest }: { rest?: RestDeps }): Promise<void> {
  const { accounts } = app;
  const now = () => app.now();
  const services: RestService[] = [
    loginService({
      accounts,
      now,
      ...(rest ? { kick: rest.kick } : {}),
      onAccountsDeleted: (sdkAppId, userIds) => app.onAccountsDeleted(sdkAppId, userIds),
    }),
    openConfigService({ accounts, now }),
    profileService({ accounts, relations: app.relations }),
    groupOpenHttpService({ accounts, groups: app.groups, groupServices: app.groupServices }),
  ];
  if (rest) {
    services.push(
      openImService({
        accounts,
        messaging: rest.messaging,
        adminMessaging: rest.adminMessaging,
        sessionsOf: rest.sessionsOf,
      }),
      recentContactService({ accounts, adminMessaging: rest.adminMessaging }),
      snsService({ accounts, relations: rest.relations }),
    );
  }
  await app.register(restEnvelopePlugin, {
    ...(rest ? { rateLimiter: rest.rateLimiter } : {}),
    services,
  });
}
