import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AdminApiDeps } from './admin-api-deps.ts';
import './admin-services.ts';
import { createAuthenticator } from './plugins/auth.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.ts';
import { telemetryHooksPlugin } from './plugins/telemetry-hooks.ts';
import { appRoutes, operatorAppRoutes } from './routes/app-routes.ts';
import { configRoutes } from './routes/config-routes.ts';
import { deadLetterRoutes } from './routes/dead-letter-routes.ts';
import { groupMemberRoutes } from './routes/group-member-routes.ts';
import { groupMessageRoutes } from './routes/group-message-routes.ts';
import { groupRoutes } from './routes/group-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { monitoringRoutes } from './routes/monitoring-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { userSigRoutes } from './routes/usersig-routes.ts';
import { addNullToNullableEnums } from './schemas/openapi-nullable-enums.ts';
import { restApi } from './v4/rest-api.ts';

export const ADMIN_API_VERSION = '1.0.0';

/** Builds the admin REST API without listening: `main` listens, tests use `inject()`. */
export async function buildAdminApi(deps: AdminApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Request logs carry the route, never the query string or headers (UserSigs and tokens travel there).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // The services, once at the root (typed in admin-services.ts). None is the admin API's: the caller opened them
  // and closes them after `app.close()` (start-parley.ts shares them with the gateway and the cluster), so the admin
  // API has no onClose work of its own and must not close them (they would be closed twice).
  const now = deps.now ?? Date.now;
  const onAccountsDeleted = deps.onAccountsDeleted ?? (() => {});
  app.decorate('appConfig', deps.appConfig);
  app.decorate('accounts', deps.accounts);
  app.decorate('relations', deps.relations);
  app.decorate('groups', deps.groups);
  app.decorate('groupServices', deps.groupServices);
  app.decorate('regions', deps.regions);
  app.decorate('readiness', deps.readiness);
  // Wrapped: fastify calls a decorated function with the instance as `this`.
  app.decorate('now', () => now());
  app.decorate('onAccountsDeleted', (sdkAppId: number, userIds: string[]) =>
    onAccountsDeleted(sdkAppId, userIds),
  );
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; replies are serialised with JSON.stringify (no per-reply validation cost).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(errorHandlerPlugin);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Parley admin API',
        version: ADMIN_API_VERSION,
        description: 'Create and configure Parley apps. Errors follow docs/errors.md.',
      },
      components: {
        securitySchemes: {
          operatorToken: { type: 'http', scheme: 'bearer', description: 'PARLEY_OPERATOR_TOKEN' },
          appAdminUserSig: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: '`UserSig <admin identifier> <usersig>` — an administrator of the app in the path.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => addNullToNullableEnums(jsonSchemaTransformObject(input)),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: reply.elapsedTime,
      },
      'request',
    );
  });

  if (deps.recordCall) await app.register(telemetryHooksPlugin, { record: deps.recordCall });
  const auth = createAuthenticator(deps);
  await app.register(healthRoutes);
  if (deps.metrics) await app.register(metricsRoutes(deps.metrics));
  // Each scope is an encapsulated plugin with one auth hook: it covers exactly the routes registered inside.
  await app.register(async (operatorScope) => {
    operatorScope.addHook('onRequest', auth.operator);
    await operatorScope.register(operatorAppRoutes);
  });
  await app.register(restApi, deps.rest ? { rest: deps.rest } : {});
  await app.register(async (appScope) => {
    appScope.addHook('onRequest', auth.appScoped);
    await appScope.register(appRoutes);
    await appScope.register(configRoutes);
    await appScope.register(userRoutes);
    await appScope.register(userSigRoutes);
    await appScope.register(groupRoutes);
    await appScope.register(groupMemberRoutes);
    await appScope.register(groupMessageRoutes);
    if (deps.monitoring) await appScope.register(monitoringRoutes(deps.monitoring));
    if (deps.callbackQueue) await appScope.register(deadLetterRoutes(deps.callbackQueue));
  });
  await app.ready();
  return app as unknown as FastifyInstance;
}
