import { mutedUntilAfter } from '@parley/domain';
import { mediaUrlSchema, ParleyError, userIdSchema } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertUsable } from '../plugins/app-guards.ts';
import { appErrors, sdkAppIdParams, securityBoth } from '../schemas/common.ts';

const accountView = z.object({
  userId: z.string(),
  nick: z.string(),
  faceUrl: z.string(),
  createdAt: z.string(),
  mutedUntil: z.string().nullable(),
  addVerification: z.enum(['need-confirm', 'allow-any', 'deny-any']).nullable(),
});
const userIdList = z.array(userIdSchema).min(1).max(100);
const userParams = sdkAppIdParams.extend({ userId: userIdSchema });

/** Accounts of an app: import (up to 100 at a time, Tencent's limit), check, read, change, delete. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/apps/:sdkAppId/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Import accounts',
        security: securityBoth,
        params: sdkAppIdParams,
        body: z.object({
          accounts: z
            .array(
              z.object({
                userId: userIdSchema,
                nick: z.string().max(64).optional(),
                faceUrl: mediaUrlSchema.max(512).optional(),
              }),
            )
            .min(1)
            .max(100),
        }),
        response: {
          200: z.object({ created: z.array(z.string()), existing: z.array(z.string()) }),
          ...appErrors,
        },
      },
    },
    async (request) => {
      const { sdkAppId } = request.params;
      await app.appConfig.runtime(sdkAppId).then(assertUsable);
      return app.accounts.importAccounts(sdkAppId, request.body.accounts, app.now());
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/users/check',
    {
      schema: {
        tags: ['users'],
        summary: 'Check which accounts exist',
        security: securityBoth,
        params: sdkAppIdParams,
        body: z.object({ userIds: userIdList }),
        response: {
          200: z.object({ results: z.array(z.object({ userId: z.string(), exists: z.boolean() })) }),
          ...appErrors,
        },
      },
    },
    async (request) => {
      const existing = await app.accounts.existing(request.params.sdkAppId, request.body.userIds);
      return { results: request.body.userIds.map((userId) => ({ userId, exists: existing.has(userId) })) };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/users/delete',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete accounts',
        description: 'Deletes the accounts with their relations; their open sessions are closed.',
        security: securityBoth,
        params: sdkAppIdParams,
        body: z.object({ userIds: userIdList }),
        response: { 200: z.object({ deleted: z.array(z.string()) }), ...appErrors },
      },
    },
    async (request) => {
      const { sdkAppId } = request.params;
      await app.appConfig.runtime(sdkAppId).then(assertUsable);
      const deleted = await app.accounts.delete(sdkAppId, request.body.userIds);
      if (deleted.length > 0) app.onAccountsDeleted(sdkAppId, deleted);
      return { deleted };
    },
  );

  app.get(
    '/v1/apps/:sdkAppId/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Read an account',
        security: securityBoth,
        params: userParams,
        response: { 200: accountView, ...appErrors },
      },
    },
    async (request) => {
      const account = await app.accounts.get(request.params.sdkAppId, request.params.userId);
      if (!account) throw new ParleyError('ACCOUNT_NOT_FOUND');
      return toView(account);
    },
  );

  app.patch(
    '/v1/apps/:sdkAppId/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Change an account (profile, mute, friend verification)',
        security: securityBoth,
        params: userParams,
        body: z
          .object({
            nick: z.string().max(64).optional(),
            faceUrl: mediaUrlSchema.max(512).optional(),
            mutedForSeconds: z.number().int().min(0).max(4_294_967_295).optional().meta({
              description:
                'Mutes the account for this long (Tencent’s SetNoSpeaking); 0 unmutes, 4294967295 mutes forever.',
            }),
            addVerification: z.enum(['need-confirm', 'allow-any', 'deny-any']).nullable().optional(),
          })
          .strict(),
        response: { 200: accountView, ...appErrors },
      },
    },
    async (request) => {
      const { sdkAppId, userId } = request.params;
      await app.appConfig.runtime(sdkAppId).then(assertUsable);
      const { mutedForSeconds, ...rest } = request.body;
      const change = {
        ...rest,
        ...(mutedForSeconds === undefined ? {} : { mutedUntil: mutedUntilAfter(mutedForSeconds, app.now()) }),
      };
      const account = await app.accounts.update(sdkAppId, userId, change);
      if (!account) throw new ParleyError('ACCOUNT_NOT_FOUND');
      return toView(account);
    },
  );
};

function toView(account: {
  userId: string;
  nick: string;
  faceUrl: string;
  createdAt: number;
  mutedUntil: number | null;
  addVerification: 'need-confirm' | 'allow-any' | 'deny-any' | null;
}) {
  return {
    userId: account.userId,
    nick: account.nick,
    faceUrl: account.faceUrl,
    createdAt: new Date(account.createdAt).toISOString(),
    mutedUntil: account.mutedUntil === null ? null : new Date(account.mutedUntil).toISOString(),
    addVerification: account.addVerification,
  };
}
