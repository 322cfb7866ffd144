import { userIdSchema } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertUsable } from '../plugins/app-guards.ts';
import { appErrors, sdkAppIdParams, securityBoth } from '../schemas/common.ts';

/** Issues a UserSig with the app's key: the convenience Tencent's console offers. Production servers sign their own. */
export const userSigRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/apps/:sdkAppId/usersig',
    {
      schema: {
        tags: ['usersig'],
        summary: 'Issue a UserSig',
        security: securityBoth,
        params: sdkAppIdParams,
        body: z.object({
          userId: userIdSchema,
          expireSeconds: z
            .number()
            .int()
            .min(1)
            .max(10 * 365 * 86_400)
            .default(86_400 * 180),
        }),
        response: {
          200: z.object({ userId: z.string(), userSig: z.string(), expireSeconds: z.number() }),
          ...appErrors,
        },
      },
    },
    async (request) => {
      const { userId, expireSeconds } = request.body;
      await app.appConfig.runtime(request.params.sdkAppId).then(assertUsable);
      const userSig = await app.appConfig.issueUserSig(request.params.sdkAppId, userId, expireSeconds);
      return { userId, userSig, expireSeconds };
    },
  );
};
