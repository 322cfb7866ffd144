import { randomInt } from 'node:crypto';
import { groupOpSchemas, userIdSchema } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { groupActor } from '../groups/acting-admin.ts';
import { toMessageView, toSendResultView } from '../groups/group-views.ts';
import { appErrors, errorBody, securityBoth } from '../schemas/common.ts';
import {
  conflictError,
  groupParams,
  messageParams,
  messageView,
  rateLimitError,
  sendResultView,
} from '../schemas/group-schemas.ts';

const sendFields = groupOpSchemas['group.send'].shape;

const sendBody = z
  .object({
    from: userIdSchema.optional().meta({
      description:
        'Sends as this user, with their standing: a member, not muted. Absent: the app admin sends ' +
        '(Tencent’s send_group_msg without From_Account).',
    }),
    random: sendFields.random.optional().meta({
      description: 'Deduplicates resends of one message by one sender for 5 minutes. Absent: a random one.',
    }),
    // Documented as elements; checked by the `send` op's rules (types, sizes, keys, depth).
    body: z
      .array(z.looseObject({ MsgType: z.string(), MsgContent: z.record(z.string(), z.unknown()) }))
      .pipe(sendFields.body)
      .meta({ description: 'Message elements, as in the `send` op (docs/protocol.md).' }),
    cloudCustomData: sendFields.cloudCustomData,
    mentions: sendFields.mentions,
    onlineOnly: sendFields.onlineOnly,
  })
  .strict();

/** A group's messages through the admin API: send (as the app admin or as a member), read history, recall. */
export const groupMessageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { messages } = app.groupServices;

  app.post(
    '/v1/apps/:sdkAppId/groups/:groupId/messages',
    {
      schema: {
        tags: ['groups'],
        summary: 'Send a group message',
        description: 'Stored in the group’s history (unless online-only) and pushed to its online members.',
        security: securityBoth,
        params: groupParams,
        body: sendBody,
        response: {
          200: sendResultView,
          ...appErrors,
          ...conflictError,
          413: errorBody,
          ...rateLimitError,
        },
      },
    },
    async (request) => {
      const { from, random, ...rest } = request.body;
      const actor = await groupActor(request, request.params.sdkAppId, { change: true, as: from });
      const result = await messages.send(actor, {
        groupId: request.params.groupId,
        random: random ?? randomInt(2 ** 32),
        ...rest,
      });
      return toSendResultView(result);
    },
  );

  app.get(
    '/v1/apps/:sdkAppId/groups/:groupId/messages',
    {
      schema: {
        tags: ['groups'],
        summary: 'Read a group’s history',
        description:
          'Newest first, before `beforeSeq` (absent: from the latest), within the app’s retention; tips ' +
          'included.',
        security: securityBoth,
        params: groupParams,
        querystring: z.object({
          beforeSeq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            messages: z.array(messageView),
            complete: z.boolean().meta({ description: 'False when more messages precede this page.' }),
          }),
          ...appErrors,
          ...rateLimitError,
        },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: false });
      const { beforeSeq, limit } = request.query;
      const page = await messages.history(actor, {
        groupId: request.params.groupId,
        limit,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
      return { messages: page.messages.map(toMessageView), complete: page.complete };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/groups/:groupId/messages/:seq/recall',
    {
      schema: {
        tags: ['groups'],
        summary: 'Recall a group message',
        description: 'Any message, at any age within retention; online members get `groupRecalled`.',
        security: securityBoth,
        params: messageParams,
        response: { 200: z.object({ groupId: z.string(), seq: z.number().int() }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      return messages.recall(actor, { groupId: request.params.groupId, seq: request.params.seq });
    },
  );
};
