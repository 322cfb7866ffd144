import { GROUP_LIMITS, groupOpSchemas, userIdSchema } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { groupActor } from '../groups/acting-admin.ts';
import { toMemberView } from '../groups/group-views.ts';
import { appErrors, securityBoth } from '../schemas/common.ts';
import { conflictError, groupParams, memberParams, memberView } from '../schemas/group-schemas.ts';

const userIds = z.array(userIdSchema).min(1).max(GROUP_LIMITS.addPerCall);
const memberFields = groupOpSchemas['group.setMember'].shape;

/** A group's members as the app admin manages them: list, add, remove, and each member's settings. */
export const groupMemberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { members } = app.groupServices;

  app.get(
    '/v1/apps/:sdkAppId/groups/:groupId/members',
    {
      schema: {
        tags: ['groups'],
        summary: 'List a group’s members',
        description: 'By UserID; pass `next` of a page as `after` for the following one. Not for AVChatRoom.',
        security: securityBoth,
        params: groupParams,
        querystring: z.object({
          after: userIdSchema.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(100),
        }),
        response: {
          200: z.object({
            members: z.array(memberView),
            next: z.string().nullable().meta({ description: 'The last UserID of a full page.' }),
          }),
          ...appErrors,
        },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: false });
      const { after, limit } = request.query;
      const page = await members.members(actor, {
        groupId: request.params.groupId,
        limit,
        ...(after === undefined ? {} : { after }),
      });
      return { members: page.members.map(toMemberView), next: page.next ?? null };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/groups/:groupId/members',
    {
      schema: {
        tags: ['groups'],
        summary: 'Add members',
        description:
          'Adds existing accounts (up to 300 at a time); members already there are reported, not changed.',
        security: securityBoth,
        params: groupParams,
        body: z.object({ userIds }).strict(),
        response: {
          200: z.object({ added: z.array(z.string()), alreadyMembers: z.array(z.string()) }),
          ...appErrors,
          ...conflictError,
        },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      const result = await members.invite(actor, { groupId: request.params.groupId, ...request.body });
      return { added: result.added, alreadyMembers: result.alreadyMembers };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/groups/:groupId/members/delete',
    {
      schema: {
        tags: ['groups'],
        summary: 'Remove members',
        description:
          'Users who are not members are left out of `removed`. Not for AVChatRoom (mute instead).',
        security: securityBoth,
        params: groupParams,
        body: z.object({ userIds }).strict(),
        response: { 200: z.object({ removed: z.array(z.string()) }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      const result = await members.kick(actor, { groupId: request.params.groupId, ...request.body });
      return { removed: result.removed };
    },
  );

  app.patch(
    '/v1/apps/:sdkAppId/groups/:groupId/members/:userId',
    {
      schema: {
        tags: ['groups'],
        summary: 'Change a member (role, mute, name card, custom fields)',
        description:
          'In an AVChatRoom only mutes are set, for any account. Members are told by SetAdmin, CancelAdmin ' +
          'and MemberMute tips.',
        security: securityBoth,
        params: memberParams,
        body: z
          .object({
            role: memberFields.role,
            nameCard: memberFields.nameCard,
            mutedForSeconds: memberFields.muteSeconds.meta({
              description: 'Mutes the member for this long (Tencent’s forbid_send_msg); 0 unmutes.',
            }),
            customFields: memberFields.customFields,
          })
          .strict(),
        response: { 200: z.object({ member: memberView }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      const { groupId, userId } = request.params;
      const { mutedForSeconds, ...rest } = request.body;
      const { member } = await members.setMember(actor, {
        groupId,
        userId,
        ...rest,
        ...(mutedForSeconds === undefined ? {} : { muteSeconds: mutedForSeconds }),
      });
      return { member: toMemberView(member) };
    },
  );
};
