import { z } from 'zod';
import { identifierProblem } from './identifiers.ts';

/** Tencent Chat's five group types (Group System, "Group types"). */
export const GROUP_TYPES = ['Work', 'Public', 'Meeting', 'AVChatRoom', 'Community'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];
export const groupTypeSchema = z.enum(GROUP_TYPES);

export const GROUP_ROLES = ['Owner', 'Admin', 'Member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** How users join (Tencent's `ApplyJoinOption`). */
export const APPLY_JOIN_OPTIONS = ['FreeAccess', 'NeedPermission', 'DisableApply'] as const;
export type ApplyJoinOption = (typeof APPLY_JOIN_OPTIONS)[number];

/** How a member receives the group's messages (Tencent's `MsgFlag`). */
export const MSG_FLAGS = ['AcceptAndNotify', 'AcceptNotNotify', 'Discard'] as const;
export type MsgFlag = (typeof MSG_FLAGS)[number];

/** Tencent's field limits, in UTF-8 bytes. */
export const GROUP_LIMITS = {
  name: 30,
  introduction: 240,
  notification: 300,
  faceUrl: 100,
  nameCard: 50,
  groupFieldValue: 512,
  memberFieldValue: 64,
  /** Members given at creation. */
  initialMembers: 100,
  /** Members added by one call. */
  addPerCall: 300,
  /** `@` mentions in one message. */
  mentions: 30,
  /** Messages per second into one group. */
  messagesPerSecond: 40,
  /** Community topics. */
  topics: 200,
} as const;

/** Generated group IDs start with this; custom IDs may not. Community IDs start with `@TGS#_`. */
export const GENERATED_GROUP_ID_PREFIX = '@TGS#';
export const COMMUNITY_GROUP_ID_PREFIX = '@TGS#_';
export const MAX_GROUP_ID_BYTES = 48;

/** Why `value` is not a group ID, or undefined: printable ASCII, 1-48 bytes, no ':' (conversation IDs use it). */
export function groupIdProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (!/^[\x20-\x7e]+$/.test(value)) return 'must be printable ASCII';
  if (value.length > MAX_GROUP_ID_BYTES) return `must be at most ${MAX_GROUP_ID_BYTES} bytes`;
  if (value.includes(':')) return 'must not contain ":"';
  return identifierProblem(value.slice(0, 32)) === undefined ? undefined : 'is not a well-formed identifier';
}

export const groupIdSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = groupIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'A group ID: 1-48 bytes of printable ASCII, no ":" (docs/protocol.md, Groups).' });

/** A Community topic's ID is its community's ID, this marker, and a part of its own. */
export const TOPIC_ID_MARKER = '@TOPIC#_';
export const MAX_TOPIC_ID_BYTES = 96;
/** At most this many topics per community (Tencent's limit). */
export const MAX_TOPICS_PER_COMMUNITY = 200;

/** The community of a topic ID (`<groupId>@TOPIC#_<part>`), or undefined when the ID is not a topic's. */
export function communityOfTopic(topicId: string): string | undefined {
  const at = topicId.indexOf(TOPIC_ID_MARKER);
  return at > 0 && topicId.length > at + TOPIC_ID_MARKER.length ? topicId.slice(0, at) : undefined;
}

/** Why `value` is not a topic ID, or undefined: a group ID, `@TOPIC#_`, a part; printable ASCII, ≤ 96 bytes. */
export function topicIdProblem(value: string): string | undefined {
  const community = communityOfTopic(value);
  if (community === undefined) return 'must be "<groupId>@TOPIC#_<id>"';
  if (!/^[\x20-\x7e]+$/.test(value)) return 'must be printable ASCII';
  if (value.length > MAX_TOPIC_ID_BYTES) return `must be at most ${MAX_TOPIC_ID_BYTES} bytes`;
  if (value.includes(':')) return 'must not contain ":"';
  return groupIdProblem(community);
}

export const topicIdSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = topicIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description: 'A Community topic ID: "<groupId>@TOPIC#_<id>", at most 96 bytes (docs/protocol.md).',
  });

/** Where group messages go: a group ID, or a Community topic's ID (its own seq, history and unread). */
export const groupOrTopicIdSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = value.includes(TOPIC_ID_MARKER) ? topicIdProblem(value) : groupIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'A group ID or a Community topic ID (docs/protocol.md, Groups, Topics).' });

/** The conversation of a group: `group:<groupId>`. */
export function groupConversationId(groupId: string): string {
  return `group:${groupId}`;
}

/** The group of a group conversation ID, or undefined when it is not one. */
export function groupOfConversation(conversationId: string): string | undefined {
  return conversationId.startsWith('group:') ? conversationId.slice('group:'.length) : undefined;
}

/** What a group tip reports (Tencent's group tips: join, quit, kick, info change, role change, mute). */
export const GROUP_TIP_KINDS = [
  'Join',
  'Quit',
  'Kick',
  'SetAdmin',
  'CancelAdmin',
  'TransferOwner',
  'GroupInfoChange',
  'MemberMute',
  'MuteAll',
] as const;
export type GroupTipKind = (typeof GROUP_TIP_KINDS)[number];

/** A group tip: stored in the group's history with a seq of its own, and pushed like a message. */
export interface GroupTipElem {
  MsgType: 'TIMGroupTipElem';
  MsgContent: {
    OpType: GroupTipKind;
    /** Who did it ("@admin" for the app admin over the admin API). */
    Operator: string;
    /** The members concerned (joined, quit, kicked, muted, promoted). */
    UserIds?: string[];
    /** Changed group fields (GroupInfoChange), muted seconds (MemberMute, 0 = unmuted), MuteAll on/off. */
    Changes?: Record<string, unknown>;
  };
}
