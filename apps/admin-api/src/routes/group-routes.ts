import { groupIdSchema, groupOpSchemas, ParleyError, userIdSchema } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { groupActor } from '../groups/acting-admin.ts';
import { toGroupSummary, toGroupView } from '../groups/group-views.ts';
import { appErrors, sdkAppIdParams, securityBoth } from '../schemas/common.ts';
import { conflictError, groupParams, groupSummary, groupView } from '../schemas/group-schemas.ts';

const createBody = groupOpSchemas['group.create']
  .extend({
    ownerId: userIdSchema.optional().meta({
      description:
        'The owner, an existing account, who becomes a member. Absent: the group has no owner ' +
        '(Tencent’s create_group without Owner_Account).',
    }),
  })
  .strict();
const updateBody = groupOpSchemas['group.update'].omit({ groupId: true }).strict();
const groupReply = z.object({ group: groupView });

/**
 * An app's groups as its admin sees them (owner rights in every group, docs/protocol.md "Groups"): create, list,
 * read, edit, disband, hand over and mute. The group rules are the domain's, as for the gateway's group ops.
 */
export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { groups } = app.groupServices;

  app.post(
    '/v1/apps/:sdkAppId/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'Create a group',
        description:
          'Creates a group of any of the five types with its first members (not counting the owner), as ' +
          'the `group.create` op does (docs/protocol.md).',
        security: securityBoth,
        params: sdkAppIdParams,
        body: createBody,
        response: { 201: groupReply, ...appErrors, ...conflictError },
      },
    },
    async (request, reply) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      const { ownerId, ...data } = request.body;
      const created = await groups.create(actor, data, { ownerId: ownerId ?? null });
      return reply.status(201).send({ group: toGroupView(created.group) });
    },
  );

  app.get(
    '/v1/apps/:sdkAppId/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'List the app’s groups',
        description: 'By group ID; pass `next` of a page as `after` for the following one.',
        security: securityBoth,
        params: sdkAppIdParams,
        querystring: z.object({
          after: groupIdSchema.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: {
          200: z.object({
            groups: z.array(groupSummary),
            next: z.string().nullable().meta({ description: 'The last group ID of a full page.' }),
          }),
          ...appErrors,
        },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const rows = await app.groups.list(request.params.sdkAppId, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        groups: page.map(toGroupSummary),
        next: rows.length > limit && last ? last.groupId : null,
      };
    },
  );

  app.get(
    '/v1/apps/:sdkAppId/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: 'Read a group',
        security: securityBoth,
        params: groupParams,
        response: { 200: groupReply, ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: false });
      const { groups: found } = await groups.info(actor, { groupIds: [request.params.groupId] });
      const [group] = found;
      if (!group) throw new ParleyError('GROUP_NOT_FOUND');
      return { group: toGroupView(group) };
    },
  );

  app.patch(
    '/v1/apps/:sdkAppId/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: 'Change a group’s profile and custom fields',
        description: 'A custom field set to "" is deleted. Members are told by a GroupInfoChange tip.',
        security: securityBoth,
        params: groupParams,
        body: updateBody,
        response: { 200: groupReply, ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      const updated = await groups.update(actor, { groupId: request.params.groupId, ...request.body });
      return { group: toGroupView(updated.group) };
    },
  );

  app.delete(
    '/v1/apps/:sdkAppId/groups/:groupId',
    {
      schema: {
        tags: ['groups'],
        summary: 'Disband a group',
        description: 'Deletes the group, its members and its history; online members get `groupDestroyed`.',
        security: securityBoth,
        params: groupParams,
        response: { 200: z.object({ groupId: z.string() }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      return groups.destroy(actor, { groupId: request.params.groupId });
    },
  );

  app.put(
    '/v1/apps/:sdkAppId/groups/:groupId/owner',
    {
      schema: {
        tags: ['groups'],
        summary: 'Transfer a group’s ownership',
        description: 'The new owner must be a member (of an AVChatRoom: an existing account).',
        security: securityBoth,
        params: groupParams,
        body: z.object({ ownerId: userIdSchema }).strict(),
        response: { 200: z.object({ groupId: z.string(), ownerId: z.string() }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      return groups.transfer(actor, { groupId: request.params.groupId, to: request.body.ownerId });
    },
  );

  app.put(
    '/v1/apps/:sdkAppId/groups/:groupId/mute-all',
    {
      schema: {
        tags: ['groups'],
        summary: 'Mute or unmute every member',
        description: 'While muted, only the owner, admins and app admins may speak.',
        security: securityBoth,
        params: groupParams,
        body: z.object({ muted: z.boolean() }).strict(),
        response: { 200: z.object({ groupId: z.string(), muted: z.boolean() }), ...appErrors },
      },
    },
    async (request) => {
      const actor = await groupActor(request, request.params.sdkAppId, { change: true });
      return groups.muteAll(actor, { groupId: request.params.groupId, muted: request.body.muted });
    },
  );
};
