import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AdminApiDeps, RouteContext } from './admin-api-deps.ts';
import { createAuthenticator } from './plugins/auth.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.ts';
import { telemetryHooksPlugin } from './plugins/telemetry-hooks.ts';
import { appRoutes } from './routes/app-routes.ts';
import { configRoutes } from './routes/config-routes.ts';
import { deadLetterRoutes } from './routes/dead-letter-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { monitoringRoutes } from './routes/monitoring-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { userSigRoutes } from './routes/usersig-routes.ts';
import { addNullToNullableEnums } from './schemas/openapi-nullable-enums.ts';

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
  const ctx: RouteContext = { ...deps, auth: createAuthenticator(deps) };
  await app.register(healthRoutes, ctx);
  await app.register(appRoutes, ctx);
  await app.register(configRoutes, ctx);
  await app.register(userRoutes, ctx);
  await app.register(userSigRoutes, ctx);
  if (deps.monitoring) await app.register(monitoringRoutes(deps.monitoring), ctx);
  if (deps.metrics) await app.register(metricsRoutes(deps.metrics));
  if (deps.callbackQueue) await app.register(deadLetterRoutes(deps.callbackQueue), ctx);
  await app.ready();
  return app as unknown as FastifyInstance;
}
