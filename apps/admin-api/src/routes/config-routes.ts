import { type AppView, buildAppConfigPatchSchema, buildAppConfigSchema } from '@parley/app-config';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appViewSchema } from '../schemas/app-schemas.ts';
import { appErrors, errorBody, sdkAppIdParams, securityBoth } from '../schemas/common.ts';

const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^"?\d+"?$/)
    .optional()
    .meta({ description: 'The revision the change is based on (the ETag of GET); 409 when it moved on.' }),
});

/** The app's configuration: read, merge-patch, and rotate the UserSig secret key. */
export const configRoutes: FastifyPluginAsyncZod = async (app) => {
  const configSchema = buildAppConfigSchema({ regions: app.regions });
  const view = appViewSchema(configSchema);
  const serialisedReplies = new WeakMap<AppView, string>();
  const configReply = z.object({
    sdkAppId: z.number().int(),
    revision: z.number().int(),
    config: configSchema,
  });

  app.get(
    '/v1/apps/:sdkAppId/config',
    {
      schema: {
        tags: ['config'],
        summary: 'Read the configuration (secrets redacted)',
        security: securityBoth,
        params: sdkAppIdParams,
        response: { 200: configReply, ...appErrors },
      },
    },
    async (request, reply) => {
      const found = await app.appConfig.get(request.params.sdkAppId);
      // The view changes only with the revision: its JSON is made once (a JSON string is sent as it is).
      let body = serialisedReplies.get(found);
      if (body === undefined) {
        body = JSON.stringify({ sdkAppId: found.sdkAppId, revision: found.revision, config: found.config });
        serialisedReplies.set(found, body);
      }
      // Pre-serialised JSON of the documented shape: the type provider only knows objects.
      return reply
        .header('etag', `"${found.revision}"`)
        .type('application/json; charset=utf-8')
        .send(body as never);
    },
  );

  app.patch(
    '/v1/apps/:sdkAppId/config',
    {
      // The service validates (CONFIG_INVALID, one entry per bad field); the schema documents the body.
      attachValidation: true,
      schema: {
        tags: ['config'],
        summary: 'Change the configuration (JSON merge)',
        description:
          'Objects merge, arrays and lists replace. A secret sent as "********" keeps its value. ' +
          'Every bad field is listed in `error.fields`. The change reaches connected gateways at once.',
        security: securityBoth,
        params: sdkAppIdParams,
        headers: ifMatchHeaders,
        body: buildAppConfigPatchSchema({ regions: app.regions }),
        response: { 200: configReply, ...appErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      if (request.validationError && !isBodyError(request.validationError)) throw request.validationError;
      const ifMatch = request.headers['if-match'];
      const expected = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ''));
      const updated = await app.appConfig.patch(request.params.sdkAppId, request.body, expected);
      reply.header('etag', `"${updated.revision}"`);
      return { sdkAppId: updated.sdkAppId, revision: updated.revision, config: updated.config };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/secret/rotate',
    {
      schema: {
        tags: ['config'],
        summary: 'Rotate the secret key',
        description:
          'UserSigs signed with the old key stop verifying at once. The new key is shown only here.',
        security: securityBoth,
        params: sdkAppIdParams,
        response: { 200: z.object({ secretKey: z.string(), app: view }), ...appErrors },
      },
    },
    async (request) => app.appConfig.rotateSecret(request.params.sdkAppId),
  );
};

function isBodyError(error: Error): boolean {
  return (error as Error & { validationContext?: string }).validationContext === 'body';
}
