// Over 300 lines: Tencent's group_open_http_svc, one command table of seventeen thin translations over the group services.
import type { RuntimeApp } from '@parley/app-config';
import { type AccountStore, type Actor, type GroupServices, type GroupStore, rulesOf } from '@parley/domain';
import {
  APPLY_JOIN_OPTIONS,
  communityOfTopic,
  GROUP_LIMITS,
  type GroupInfo,
  type GroupMemberInfo,
  type GroupType,
  groupIdSchema,
  groupOpSchemas,
  groupOrTopicIdSchema,
  MSG_FLAGS,
  messageBodySchema,
  ParleyError,
  userIdSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { adminApiActor } from '../groups/acting-admin.ts';
import {
  fieldsOf,
  REST_OF_TYPE,
  restType,
  seconds,
  toRestGroup,
  toRestMember,
  toRestMessage,
} from './group-rest-views.ts';
import { restCodeOf } from './rest-codes.ts';
import { type RestService, restCommand } from './rest-command.ts';

export interface GroupOpenHttpServiceDeps {
  accounts: AccountStore;
  /** The app's groups, read directly to list them (as /v1 does). */
  groups: GroupStore;
  groupServices: GroupServices;
}

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const keyValues = z.array(z.object({ Key: z.string().max(16), Value: z.string() })).max(10);
const groupField = { GroupId: groupIdSchema };
/** The group op's own limits on each field (bytes of names, introductions, name cards). */
const createShape = groupOpSchemas['group.create'].shape;
const memberShape = groupOpSchemas['group.setMember'].shape;
/** Tencent: group_msg_get_simple returns at most 20 messages. */
const MAX_SIMPLE_MESSAGES = 20;
const MEMBER_PAGE = 100;

/** Only the properties that are not undefined (the domain's optional fields are exact). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The conversation a message command is about: the group, or the topic `TopicId` names in it. */
function targetOf(input: { GroupId: string; TopicId?: string | undefined }): string {
  if (input.TopicId === undefined) return input.GroupId;
  if (communityOfTopic(input.TopicId) !== input.GroupId) {
    throw new ParleyError('GROUP_INVALID_PARAMETER', { detail: 'TopicId is not a topic of GroupId.' });
  }
  return input.TopicId;
}

/** `group_open_http_svc`: the app admin's group commands, acting as the admin identifier (owner rights in every group). */
export function groupOpenHttpService(deps: GroupOpenHttpServiceDeps): RestService {
  const { groups, members, messages } = deps.groupServices;
  const actor = (call: { app: RuntimeApp; admin: string; clientIp: string }, as?: string): Actor =>
    adminApiActor(call.app, as ?? call.admin, call.clientIp);

  /** The members' info in UserID order, read in pages, up to `upTo` of them (the admin reads every member's fields). */
  async function everyMember(by: Actor, groupId: string, upTo = Infinity): Promise<GroupMemberInfo[]> {
    const all: GroupMemberInfo[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await members.members(by, { groupId, limit: MEMBER_PAGE, ...defined({ after }) });
      all.push(...page.members);
      if (page.next === undefined || all.length >= upTo) return all;
      after = page.next;
    }
  }

  async function infoOf(by: Actor, groupId: string): Promise<GroupInfo> {
    const [group] = (await groups.info(by, { groupIds: [groupId] })).groups;
    if (!group) throw new ParleyError('GROUP_NOT_FOUND');
    return group;
  }

  return {
    name: 'group_open_http_svc',
    invalidField: 'GROUP_BAD_FIELD',
    commands: {
      create_group: restCommand({
        input: z.object({
          Owner_Account: userIdSchema.optional(),
          Type: restType,
          GroupId: groupIdSchema.optional(),
          Name: createShape.name,
          Introduction: createShape.introduction.optional(),
          Notification: createShape.notification.optional(),
          FaceUrl: createShape.faceUrl.optional(),
          MaxMemberCount: createShape.maxMembers,
          ApplyJoinOption: z.enum(APPLY_JOIN_OPTIONS).optional(),
          InviteJoinOption: z.string().optional(),
          SupportTopic: z.union([z.literal(0), z.literal(1)]).optional(),
          MemberList: z
            .array(
              z.object({
                Member_Account: userIdSchema,
                Role: z.enum(['Admin', 'Member']).optional(),
                AppMemberDefinedData: keyValues.optional(),
              }),
            )
            .max(GROUP_LIMITS.initialMembers)
            .optional(),
          AppDefinedData: keyValues.optional(),
        }),
        run: async ({ input, ...call }) => {
          const admin = actor(call);
          // Checked before the group exists: a role the type does not have would fail after its creation.
          if (!rulesOf(input.Type as GroupType).admins && input.MemberList?.some((m) => m.Role === 'Admin')) {
            throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
              detail: `${input.Type} groups have no admins.`,
            });
          }
          const created = await groups.create(
            admin,
            {
              type: input.Type as GroupType,
              name: input.Name,
              ...defined({
                groupId: input.GroupId,
                introduction: input.Introduction,
                notification: input.Notification,
                faceUrl: input.FaceUrl,
                maxMembers: input.MaxMemberCount,
                applyJoinOption: input.ApplyJoinOption,
                customFields: fieldsOf(input.AppDefinedData),
                members: input.MemberList?.map((member) => member.Member_Account),
                supportTopic: input.SupportTopic === undefined ? undefined : input.SupportTopic === 1,
              }),
            },
            { ownerId: input.Owner_Account ?? null },
          );
          const { groupId } = created.group;
          for (const member of input.MemberList ?? []) {
            const customFields = fieldsOf(member.AppMemberDefinedData);
            if (member.Role !== 'Admin' && customFields === undefined) continue;
            // The owner is listed once, as the owner.
            if (member.Member_Account === input.Owner_Account) continue;
            await members.setMember(admin, {
              groupId,
              userId: member.Member_Account,
              ...defined({ role: member.Role === 'Admin' ? 'Admin' : undefined, customFields }),
            });
          }
          return { GroupId: groupId };
        },
      }),

      get_group_info: restCommand({
        input: z.object({
          GroupIdList: z.array(groupIdSchema).min(1).max(50),
          ResponseFilter: z
            .object({
              GroupBaseInfoFilter: z.array(z.string()).optional(),
              AppDefinedDataFilter_Group: z.array(z.string()).optional(),
            })
            .optional(),
        }),
        run: async ({ input, ...call }) => {
          const groupIds = [...new Set(input.GroupIdList)];
          const found = await groups.info(actor(call), { groupIds });
          const filter = defined({
            base: input.ResponseFilter?.GroupBaseInfoFilter,
            keys: input.ResponseFilter?.AppDefinedDataFilter_Group,
          });
          const missing = new ParleyError('GROUP_NOT_FOUND');
          return {
            GroupInfo: groupIds.map((groupId) => {
              const group = found.groups.find((g) => g.groupId === groupId);
              return group
                ? toRestGroup(group, filter)
                : { GroupId: groupId, ErrorCode: missing.code, ErrorInfo: missing.message };
            }),
          };
        },
      }),

      modify_group_base_info: restCommand({
        input: z.object({
          ...groupField,
          Name: createShape.name.optional(),
          Introduction: createShape.introduction.optional(),
          Notification: createShape.notification.optional(),
          FaceUrl: createShape.faceUrl.optional(),
          MaxMemberNum: z.number().int().min(1).optional(),
          ApplyJoinOption: z.enum(APPLY_JOIN_OPTIONS).optional(),
          ShutUpAllMember: z.enum(['On', 'Off']).optional(),
          AppDefinedData: keyValues.optional(),
        }),
        run: async ({ input, ...call }) => {
          if (input.MaxMemberNum !== undefined) {
            throw new ParleyError('GROUP_INVALID_PARAMETER', {
              detail: 'MaxMemberNum is set when the group is created.',
            });
          }
          const admin = actor(call);
          await groups.update(admin, {
            groupId: input.GroupId,
            ...defined({
              name: input.Name,
              introduction: input.Introduction,
              notification: input.Notification,
              faceUrl: input.FaceUrl,
              applyJoinOption: input.ApplyJoinOption,
              customFields: fieldsOf(input.AppDefinedData),
            }),
          });
          if (input.ShutUpAllMember !== undefined) {
            await groups.muteAll(admin, { groupId: input.GroupId, muted: input.ShutUpAllMember === 'On' });
          }
          return {};
        },
      }),

      add_group_member: restCommand({
        input: z.object({
          ...groupField,
          Silence: z.union([z.literal(0), z.literal(1)]).optional(),
          MemberList: z
            .array(z.object({ Member_Account: userIdSchema }))
            .min(1)
            .max(GROUP_LIMITS.addPerCall),
        }),
        run: async ({ app, input, ...call }) => {
          const userIds = [...new Set(input.MemberList.map((member) => member.Member_Account))];
          const existing = await deps.accounts.existing(app.sdkAppId, userIds);
          const known = userIds.filter((userId) => existing.has(userId));
          const result =
            known.length === 0
              ? { added: [] as string[], alreadyMembers: [] as string[] }
              : await members.invite(actor({ app, ...call }), { groupId: input.GroupId, userIds: known });
          // Tencent: 0 failed, 1 added, 2 already a member (3, waiting for the invitee, does not happen here).
          return {
            MemberList: userIds.map((userId) => ({
              Member_Account: userId,
              Result: result.added.includes(userId) ? 1 : result.alreadyMembers.includes(userId) ? 2 : 0,
            })),
          };
        },
      }),

      delete_group_member: restCommand({
        input: z.object({
          ...groupField,
          Silence: z.union([z.literal(0), z.literal(1)]).optional(),
          Reason: z.string().optional(),
          MemberToDel_Account: z.array(userIdSchema).min(1).max(100),
        }),
        run: async ({ input, ...call }) => {
          await members.kick(actor(call), { groupId: input.GroupId, userIds: input.MemberToDel_Account });
          return {};
        },
      }),

      destroy_group: restCommand({
        input: z.object(groupField),
        run: async ({ input, ...call }) => {
          await groups.destroy(actor(call), { groupId: input.GroupId });
          return {};
        },
      }),

      get_group_member_info: restCommand({
        input: z.object({
          ...groupField,
          Limit: z.number().int().min(0).max(MEMBER_PAGE).optional(),
          Offset: z.number().int().min(0).optional(),
          Next: z.string().optional(),
          MemberRoleFilter: z.array(z.enum(['Owner', 'Admin', 'Member'])).optional(),
        }),
        run: async ({ input, ...call }) => {
          const admin = actor(call);
          const info = await infoOf(admin, input.GroupId);
          const limit = input.Limit === undefined || input.Limit === 0 ? MEMBER_PAGE : input.Limit;
          const roles = input.MemberRoleFilter;
          if (input.Next !== undefined && input.Next !== '') {
            const page = await members.members(admin, { groupId: input.GroupId, limit, after: input.Next });
            const listed = page.members.filter((m) => roles === undefined || roles.includes(m.role));
            return {
              MemberNum: info.memberCount,
              MemberList: listed.map(toRestMember),
              Next: page.next ?? '',
            };
          }
          const offset = input.Offset ?? 0;
          // Without a role filter only the members up to the page (and one more) are read.
          const upTo = roles === undefined ? offset + limit + 1 : Infinity;
          const all = (await everyMember(admin, input.GroupId, upTo)).filter(
            (m) => roles === undefined || roles.includes(m.role),
          );
          const page = all.slice(offset, offset + limit);
          const more = offset + limit < all.length;
          return {
            MemberNum: info.memberCount,
            MemberList: page.map(toRestMember),
            Next: more ? (page.at(-1)?.userId ?? '') : '',
          };
        },
      }),

      modify_group_member_info: restCommand({
        input: z.object({
          ...groupField,
          Member_Account: userIdSchema,
          Role: z.enum(['Admin', 'Member']).optional(),
          NameCard: memberShape.nameCard,
          MsgFlag: z.enum(MSG_FLAGS).optional(),
          ShutUpTime: uint32.optional(),
          AppMemberDefinedData: keyValues.optional(),
        }),
        run: async ({ input, ...call }) => {
          await members.setMember(actor(call), {
            groupId: input.GroupId,
            userId: input.Member_Account,
            ...defined({
              role: input.Role,
              nameCard: input.NameCard,
              msgFlag: input.MsgFlag,
              muteSeconds: input.ShutUpTime,
              customFields: fieldsOf(input.AppMemberDefinedData),
            }),
          });
          return {};
        },
      }),

      get_joined_group_list: restCommand({
        input: z.object({
          Member_Account: userIdSchema,
          Limit: z.number().int().min(1).optional(),
          Offset: z.number().int().min(0).optional(),
          GroupType: restType.optional(),
        }),
        run: async ({ input, ...call }) => {
          const { groups: joined } = await groups.joined(actor(call, input.Member_Account));
          const ofType = joined.filter((g) => input.GroupType === undefined || g.type === input.GroupType);
          const offset = input.Offset ?? 0;
          const page = ofType.slice(offset, input.Limit === undefined ? undefined : offset + input.Limit);
          return {
            TotalCount: ofType.length,
            GroupIdList: page.map((g) => ({ GroupId: g.groupId, Type: REST_OF_TYPE[g.type] })),
          };
        },
      }),

      get_role_in_group: restCommand({
        input: z.object({ ...groupField, User_Account: z.array(userIdSchema).min(1).max(500) }),
        run: async ({ app, input, ...call }) => {
          // The admin's view of the group first: 10010 when there is none, the type's rules for listing.
          const group = await infoOf(actor({ app, ...call }), input.GroupId);
          if (group.type === 'AVChatRoom') {
            throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
              detail: 'AVChatRoom members are not stored.',
            });
          }
          const userIds = [...new Set(input.User_Account)];
          const found = await deps.groups.getMembers(app.sdkAppId, input.GroupId, userIds);
          return {
            UserIdList: userIds.map((userId) => ({
              Member_Account: userId,
              Role: found.find((m) => m.userId === userId)?.role ?? 'NotMember',
            })),
          };
        },
      }),

      forbid_send_msg: restCommand({
        // MuteTime in Tencent's current docs, ShutUpTime in its older ones.
        input: z
          .object({
            ...groupField,
            Members_Account: z.array(userIdSchema).min(1).max(500),
            MuteTime: uint32.optional(),
            ShutUpTime: uint32.optional(),
          })
          .refine((value) => value.MuteTime !== undefined || value.ShutUpTime !== undefined, {
            message: 'MuteTime is required',
            path: ['MuteTime'],
          }),
        run: async ({ input, ...call }) => {
          const admin = actor(call);
          const muteSeconds = (input.MuteTime ?? input.ShutUpTime) as number;
          for (const userId of new Set(input.Members_Account)) {
            await members.setMember(admin, { groupId: input.GroupId, userId, muteSeconds });
          }
          return {};
        },
      }),

      get_group_shutted_uin: restCommand({
        input: z.object(groupField),
        run: async ({ input, ...call }) => {
          const muted = (await everyMember(actor(call), input.GroupId)).filter((m) => m.mutedUntil !== null);
          return {
            GroupId: input.GroupId,
            ShuttedUinList: muted.map((m) => ({
              Member_Account: m.userId,
              ShuttedUntil: seconds(m.mutedUntil ?? 0),
            })),
          };
        },
      }),

      change_group_owner: restCommand({
        input: z.object({ ...groupField, NewOwner_Account: userIdSchema }),
        run: async ({ input, ...call }) => {
          await groups.transfer(actor(call), { groupId: input.GroupId, to: input.NewOwner_Account });
          return {};
        },
      }),

      send_group_msg: restCommand({
        input: z.object({
          GroupId: groupIdSchema,
          TopicId: groupOrTopicIdSchema.optional(),
          From_Account: userIdSchema.optional(),
          Random: uint32,
          MsgPriority: z.enum(['High', 'Normal', 'Low', 'Lowest']).optional(),
          MsgBody: messageBodySchema,
          CloudCustomData: z
            .string()
            .max(12 * 1024)
            .optional(),
          OnlineOnlyFlag: z.union([z.literal(0), z.literal(1)]).optional(),
          ForbidCallbackControl: z
            .array(z.enum(['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback']))
            .optional(),
          SendMsgControl: z.array(z.string()).optional(),
          GroupAtInfo: z
            .array(
              z.object({
                GroupAtAllFlag: z.union([z.literal(0), z.literal(1)]).optional(),
                GroupAt_Account: userIdSchema.optional(),
              }),
            )
            .optional(),
          OfflinePushInfo: z.looseObject({}).optional(),
        }),
        run: async ({ input, ...call }) => {
          const mentions = input.GroupAtInfo?.map((at) =>
            at.GroupAtAllFlag === 1 ? '@all' : (at.GroupAt_Account ?? ''),
          ).filter((at) => at !== '');
          const result = await messages.send(actor(call, input.From_Account), {
            groupId: targetOf(input),
            random: input.Random,
            body: input.MsgBody,
            ...defined({
              cloudCustomData: input.CloudCustomData,
              mentions,
              onlineOnly: input.OnlineOnlyFlag === undefined ? undefined : input.OnlineOnlyFlag === 1,
            }),
          });
          return { MsgTime: seconds(result.time), MsgSeq: result.seq };
        },
      }),

      group_msg_recall: restCommand({
        input: z.object({
          ...groupField,
          TopicId: groupOrTopicIdSchema.optional(),
          MsgSeqList: z
            .array(z.object({ MsgSeq: z.number().int().min(1) }))
            .min(1)
            .max(100),
        }),
        run: async ({ input, ...call }) => {
          const admin = actor(call);
          const RecallRetList: { MsgSeq: number; RetCode: number }[] = [];
          for (const { MsgSeq } of input.MsgSeqList) {
            try {
              await messages.recall(admin, { groupId: targetOf(input), seq: MsgSeq });
              RecallRetList.push({ MsgSeq, RetCode: 0 });
            } catch (error) {
              // A group that is not there fails the call; a message that cannot be recalled fails its item.
              if (error instanceof ParleyError && error.errorName === 'GROUP_NOT_FOUND') throw error;
              RecallRetList.push({ MsgSeq, RetCode: restCodeOf(error) });
            }
          }
          return { RecallRetList };
        },
      }),

      group_msg_get_simple: restCommand({
        input: z.object({
          ...groupField,
          TopicId: groupOrTopicIdSchema.optional(),
          ReqMsgSeq: z.number().int().min(1).optional(),
          ReqMsgNumber: z.number().int().min(1).max(MAX_SIMPLE_MESSAGES),
          WithRecalledMsg: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
        run: async ({ input, ...call }) => {
          const page = await messages.history(actor(call), {
            groupId: targetOf(input),
            limit: input.ReqMsgNumber,
            // Tencent's ReqMsgSeq is the newest seq wanted, inclusive; Parley's history reads before a seq.
            ...defined({ beforeSeq: input.ReqMsgSeq === undefined ? undefined : input.ReqMsgSeq + 1 }),
          });
          const listed =
            input.WithRecalledMsg === 1
              ? page.messages
              : page.messages.filter((message) => !message.recalled);
          return {
            GroupId: input.GroupId,
            IsFinished: page.complete ? 1 : 0,
            RspMsgList: listed.map(toRestMessage),
          };
        },
      }),

      get_appid_group_list: restCommand({
        input: z.object({
          Limit: z.number().int().min(1).max(10_000).optional(),
          Next: z.union([z.literal(0), z.string()]).optional(),
          GroupType: restType.optional(),
        }),
        run: async ({ app, input }) => {
          const limit = input.Limit ?? 10_000;
          const listed: string[] = [];
          let after =
            input.Next === undefined || input.Next === 0 || input.Next === '' ? undefined : input.Next;
          let more = true;
          // Filtering by type reads on until the page is full or the groups run out.
          while (listed.length < limit && more) {
            const rows = await deps.groups.list(app.sdkAppId, after, limit - listed.length + 1);
            more = rows.length > limit - listed.length;
            const taken = rows.slice(0, limit - listed.length);
            for (const group of taken) {
              if (input.GroupType === undefined || group.type === input.GroupType) listed.push(group.groupId);
            }
            after = taken.at(-1)?.groupId;
            if (after === undefined) more = false;
          }
          return {
            GroupIdList: listed.map((GroupId) => ({ GroupId })),
            Next: more && after !== undefined ? after : 0,
          };
        },
      }),
    },
  };
}
