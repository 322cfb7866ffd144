import { z } from 'zod';
import {
  APPLY_JOIN_OPTIONS,
  type ApplyJoinOption,
  GROUP_LIMITS,
  type GroupRole,
  type GroupType,
  groupIdSchema,
  groupOrTopicIdSchema,
  groupTypeSchema,
  MSG_FLAGS,
  type MsgFlag,
  topicIdSchema,
} from './group-model.ts';
import { userIdSchema } from './identifiers.ts';
import { messageBodySchema } from './message-body.ts';
import type { WireMessage } from './wire-message.ts';

/** A string of at most `max` UTF-8 bytes. */
const bytes = (max: number) =>
  z.string().refine((value) => Buffer.byteLength(value, 'utf8') <= max, `must be at most ${max} bytes`);
const seqSchema = z.number().int().nonnegative();
const userIds = (max: number) => z.array(userIdSchema).min(1).max(max);
const customFields = z.record(z.string().max(16), z.string()).refine((r) => Object.keys(r).length <= 10, {
  message: 'at most 10 fields',
});

/** A topic's custom data, at most this many bytes. */
const TOPIC_CUSTOM_DATA_BYTES = 4096;

const groupInfoFields = {
  name: bytes(GROUP_LIMITS.name).min(1),
  introduction: bytes(GROUP_LIMITS.introduction),
  notification: bytes(GROUP_LIMITS.notification),
  faceUrl: bytes(GROUP_LIMITS.faceUrl),
  applyJoinOption: z.enum(APPLY_JOIN_OPTIONS),
  customFields,
};

/** The data schema of each `group.*` op (merged into `opSchemas`). */
export const groupOpSchemas = {
  'group.create': z.object({
    type: groupTypeSchema,
    groupId: groupIdSchema.optional(),
    name: groupInfoFields.name,
    introduction: groupInfoFields.introduction.optional(),
    notification: groupInfoFields.notification.optional(),
    faceUrl: groupInfoFields.faceUrl.optional(),
    applyJoinOption: groupInfoFields.applyJoinOption.optional(),
    maxMembers: z.number().int().min(1).max(100_000).optional(),
    customFields: customFields.optional(),
    members: z.array(userIdSchema).max(GROUP_LIMITS.initialMembers).optional(),
    /** Community only, fixed at creation: the community may have topics. */
    supportTopic: z.boolean().optional(),
  }),
  'group.info': z.object({ groupIds: z.array(groupIdSchema).min(1).max(50) }),
  'group.update': z.object({
    groupId: groupIdSchema,
    name: groupInfoFields.name.optional(),
    introduction: groupInfoFields.introduction.optional(),
    notification: groupInfoFields.notification.optional(),
    faceUrl: groupInfoFields.faceUrl.optional(),
    applyJoinOption: groupInfoFields.applyJoinOption.optional(),
    customFields: customFields.optional(),
  }),
  'group.destroy': z.object({ groupId: groupIdSchema }),
  'group.join': z.object({ groupId: groupIdSchema, wording: bytes(300).optional() }),
  'group.applications': z.object({ groupId: groupIdSchema }),
  'group.respond': z.object({ groupId: groupIdSchema, userId: userIdSchema, accept: z.boolean() }),
  'group.invite': z.object({ groupId: groupIdSchema, userIds: userIds(GROUP_LIMITS.addPerCall) }),
  'group.kick': z.object({ groupId: groupIdSchema, userIds: userIds(GROUP_LIMITS.addPerCall) }),
  'group.quit': z.object({ groupId: groupIdSchema }),
  'group.transfer': z.object({ groupId: groupIdSchema, to: userIdSchema }),
  'group.members': z.object({
    groupId: groupIdSchema,
    after: userIdSchema.optional(),
    limit: z.number().int().min(1).max(100).default(100),
  }),
  'group.setMember': z.object({
    groupId: groupIdSchema,
    userId: userIdSchema,
    role: z.enum(['Admin', 'Member']).optional(),
    nameCard: bytes(GROUP_LIMITS.nameCard).optional(),
    /** Seconds from now; 0 lifts a mute. */
    muteSeconds: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    msgFlag: z.enum(MSG_FLAGS).optional(),
    customFields: z.record(z.string().max(16), z.string()).optional(),
  }),
  'group.muteAll': z.object({ groupId: groupIdSchema, muted: z.boolean() }),
  'group.send': z.object({
    groupId: groupOrTopicIdSchema,
    random: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    body: messageBodySchema,
    cloudCustomData: z
      .string()
      .max(12 * 1024)
      .optional(),
    /** Users mentioned with `@`; '@all' mentions everyone. */
    mentions: z.array(z.string().max(32)).max(1000).optional(),
    onlineOnly: z.boolean().optional(),
  }),
  'group.sync': z.object({
    groupId: groupOrTopicIdSchema,
    afterSeq: seqSchema,
    limit: z.number().int().min(1).max(500).default(100),
  }),
  'group.history': z.object({
    groupId: groupOrTopicIdSchema,
    beforeSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  'group.recall': z.object({ groupId: groupOrTopicIdSchema, seq: z.number().int().min(1) }),
  'group.read': z.object({ groupId: groupOrTopicIdSchema, seq: seqSchema }),
  'group.receipts': z.object({
    groupId: groupIdSchema,
    seqs: z.array(z.number().int().min(1)).min(1).max(30),
  }),
  'group.readers': z.object({
    groupId: groupIdSchema,
    seq: z.number().int().min(1),
    read: z.boolean().default(true),
    limit: z.number().int().min(1).max(200).default(100),
  }),
  'group.joined': z.object({}),
  'group.topic.create': z.object({
    groupId: groupIdSchema,
    /** A custom topic ID, `<groupId>@TOPIC#_<id>`; generated when absent. */
    topicId: topicIdSchema.optional(),
    name: groupInfoFields.name,
    introduction: groupInfoFields.introduction.optional(),
    notification: groupInfoFields.notification.optional(),
    faceUrl: groupInfoFields.faceUrl.optional(),
    customData: bytes(TOPIC_CUSTOM_DATA_BYTES).optional(),
  }),
  'group.topic.delete': z.object({
    groupId: groupIdSchema,
    topicIds: z.array(topicIdSchema).min(1).max(100),
  }),
  'group.topic.update': z.object({
    topicId: topicIdSchema,
    name: groupInfoFields.name.optional(),
    introduction: groupInfoFields.introduction.optional(),
    notification: groupInfoFields.notification.optional(),
    faceUrl: groupInfoFields.faceUrl.optional(),
    customData: bytes(TOPIC_CUSTOM_DATA_BYTES).optional(),
    muteAll: z.boolean().optional(),
  }),
  'group.topic.list': z.object({ groupId: groupIdSchema }),
} as const;

/** A Community topic as clients see it, with the reader's read position in it. */
export interface TopicInfo {
  topicId: string;
  groupId: string;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  customData: string;
  muteAll: boolean;
  createdAt: number;
  lastSeq: number;
  readSeq: number;
  unread: number;
}

/** A group as clients see it. Custom fields are those the reader may read. */
export interface GroupInfo {
  groupId: string;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  ownerId: string | null;
  applyJoinOption: ApplyJoinOption;
  maxMembers: number;
  memberCount: number;
  muteAll: boolean;
  createdAt: number;
  lastSeq: number;
  customFields: Record<string, string>;
  /** Communities only: whether it may have topics (set at creation). */
  supportTopic?: boolean;
}

export interface GroupMemberInfo {
  userId: string;
  role: GroupRole;
  joinedAt: number;
  nameCard: string;
  /** ms since the epoch; null when not muted. */
  mutedUntil: number | null;
  msgFlag: MsgFlag;
  customFields: Record<string, string>;
}

export interface GroupSendResult {
  groupId: string;
  seq: number;
  msgKey: string;
  time: number;
}

/** The reply data of each `group.*` op (merged into `OpResults`). */
export interface GroupOpResults {
  'group.create': { group: GroupInfo };
  'group.info': { groups: GroupInfo[]; notFound: string[] };
  'group.update': { group: GroupInfo };
  'group.destroy': { groupId: string };
  'group.join': { groupId: string; status: 'joined' | 'pending' };
  'group.applications': { applications: { userId: string; wording: string; createdAt: number }[] };
  'group.respond': { groupId: string; userId: string; status: 'joined' | 'rejected' };
  'group.invite': { groupId: string; added: string[]; alreadyMembers: string[] };
  'group.kick': { groupId: string; removed: string[] };
  'group.quit': { groupId: string };
  'group.transfer': { groupId: string; ownerId: string };
  'group.members': { members: GroupMemberInfo[]; next?: string };
  'group.setMember': { member: GroupMemberInfo };
  'group.muteAll': { groupId: string; muted: boolean };
  'group.send': GroupSendResult;
  'group.sync': { messages: WireMessage[]; lastSeq: number; complete: boolean };
  'group.history': { messages: WireMessage[]; complete: boolean };
  'group.recall': { groupId: string; seq: number };
  'group.read': { groupId: string; readSeq: number; unread: number };
  'group.receipts': { receipts: { seq: number; readCount: number; unreadCount: number }[] };
  'group.readers': { userIds: string[] };
  'group.joined': {
    groups: { groupId: string; type: GroupType; role: GroupRole; lastSeq: number; readSeq: number }[];
  };
  'group.topic.create': { topic: TopicInfo };
  'group.topic.delete': { groupId: string; deleted: string[]; notFound: string[] };
  'group.topic.update': { topic: TopicInfo };
  'group.topic.list': { topics: TopicInfo[] };
}

/** Group pushes (merged into `PushPayloads`). Messages and tips come as `message` pushes. */
export interface GroupPushPayloads {
  groupRecalled: { groupId: string; seq: number; by: string };
  groupApplication: { groupId: string; userId: string; wording: string };
  groupApplicationHandled: { groupId: string; accepted: boolean; by: string };
  groupRead: { groupId: string; by: string; readSeq: number };
  groupDestroyed: { groupId: string; by: string };
  /** A topic of a community was created, changed or deleted (to the community's online members). */
  groupTopic: {
    groupId: string;
    topicId: string;
    change: 'created' | 'changed' | 'deleted';
    by: string;
    topic?: Omit<TopicInfo, 'lastSeq' | 'readSeq' | 'unread'>;
  };
}
