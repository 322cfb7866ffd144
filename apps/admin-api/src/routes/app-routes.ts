import { buildAppConfigPatchSchema, buildAppConfigSchema } from '@parley/app-config';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appViewSchema } from '../schemas/app-schemas.ts';
import { appErrors, authErrors, sdkAppIdParams, securityBoth, securityOperator } from '../schemas/common.ts';

/** Apps, operator scope: create and list. */
export const operatorAppRoutes: FastifyPluginAsyncZod = async (app) => {
  const configSchema = buildAppConfigSchema({ regions: app.regions });
  const view = appViewSchema(configSchema);
  const createBody = buildAppConfigPatchSchema({ regions: app.regions }).meta({
    description:
      'Initial configuration: `details.name` and any subset of the other configuration fields ' +
      '(docs/configuration.md).',
  });

  app.post(
    '/v1/apps',
    {
      // The service validates (CONFIG_INVALID, one entry per bad field); the schema documents the body.
      attachValidation: true,
      schema: {
        tags: ['apps'],
        summary: 'Create an app',
        security: securityOperator,
        body: createBody,
        response: {
          201: z.object({ sdkAppId: z.number().int(), secretKey: z.string(), app: view }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const created = await app.appConfig.create(request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/v1/apps',
    {
      schema: {
        tags: ['apps'],
        summary: 'List apps',
        security: securityOperator,
        response: { 200: z.object({ apps: z.array(view) }), ...authErrors },
      },
    },
    async () => ({ apps: await app.appConfig.list() }),
  );
};

/** Apps, app scope (the operator or the app's admins): read, terminate, enable and disable. */
export const appRoutes: FastifyPluginAsyncZod = async (app) => {
  const configSchema = buildAppConfigSchema({ regions: app.regions });
  const view = appViewSchema(configSchema);

  app.get(
    '/v1/apps/:sdkAppId',
    {
      schema: {
        tags: ['apps'],
        summary: 'Read an app',
        security: securityBoth,
        params: sdkAppIdParams,
        response: { 200: view, ...appErrors },
      },
    },
    async (request) => app.appConfig.get(request.params.sdkAppId),
  );

  app.delete(
    '/v1/apps/:sdkAppId',
    {
      schema: {
        tags: ['apps'],
        summary: 'Terminate an app',
        description:
          'Sets the status to terminated. Chat stops at once; the configuration data, accounts, relations and ' +
          'messages are deleted 2 months later (privacy policy §6); `purgeAt` says when. Until then only the ' +
          'operator reads them: the app’s admins get 410 APP_TERMINATED on every route of the app.',
        security: securityBoth,
        params: sdkAppIdParams,
        response: { 200: view, ...appErrors },
      },
    },
    async (request) => app.appConfig.terminate(request.params.sdkAppId),
  );

  app.put(
    '/v1/apps/:sdkAppId/status',
    {
      schema: {
        tags: ['apps'],
        summary: 'Enable or disable an app',
        security: securityBoth,
        params: sdkAppIdParams,
        body: z.object({ status: z.enum(['active', 'disabled']) }).strict(),
        response: { 200: view, ...appErrors },
      },
    },
    async (request) => app.appConfig.setStatus(request.params.sdkAppId, request.body.status),
  );
};
