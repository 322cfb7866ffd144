import {
  APPLY_JOIN_OPTIONS,
  GROUP_ROLES,
  GROUP_TYPES,
  groupIdSchema,
  MSG_FLAGS,
  userIdSchema,
} from '@parley/protocol';
import { z } from 'zod';
import { errorBody, sdkAppIdParams } from './common.ts';

export const groupParams = sdkAppIdParams.extend({
  groupId: groupIdSchema.meta({
    description: 'A group ID, percent-encoded in the path (`@TGS#…` is `%40TGS%23…`).',
  }),
});
export const memberParams = groupParams.extend({ userId: userIdSchema });
export const messageParams = groupParams.extend({ seq: z.coerce.number().int().min(1) });

const time = (description: string) => z.string().meta({ description: `${description} (ISO 8601).` });
const customFields = z.record(z.string(), z.string());

export const groupView = z.object({
  groupId: z.string(),
  type: z.enum(GROUP_TYPES),
  name: z.string(),
  introduction: z.string(),
  notification: z.string(),
  faceUrl: z.string(),
  ownerId: z.string().nullable().meta({ description: 'Null for a group without owner.' }),
  applyJoinOption: z.enum(APPLY_JOIN_OPTIONS),
  maxMembers: z.number().int(),
  memberCount: z.number().int().meta({ description: 'For an AVChatRoom, its online members.' }),
  muteAll: z.boolean(),
  supportTopic: z
    .boolean()
    .optional()
    .meta({ description: 'Communities only: whether the community has topics (fixed at creation).' }),
  createdAt: time('When the group was created'),
  lastSeq: z.number().int().meta({ description: 'The seq of the group’s latest message or tip.' }),
  customFields,
});

export const groupSummary = groupView.pick({
  groupId: true,
  type: true,
  name: true,
  ownerId: true,
  createdAt: true,
});

export const memberView = z.object({
  userId: z.string(),
  role: z.enum(GROUP_ROLES),
  joinedAt: time('When the user joined'),
  nameCard: z.string(),
  mutedUntil: z
    .string()
    .nullable()
    .meta({ description: 'End of the member’s mute (ISO 8601); null when none.' }),
  msgFlag: z.enum(MSG_FLAGS),
  customFields,
});

export const messageView = z.object({
  conversationId: z.string(),
  seq: z.number().int(),
  msgKey: z.string(),
  from: z.string(),
  to: z.string(),
  random: z.number().int(),
  time: time('When the message was stored'),
  body: z
    .array(z.record(z.string(), z.unknown()))
    .meta({ description: 'Message elements (docs/protocol.md), or one group tip (TIMGroupTipElem).' }),
  cloudCustomData: z.string().optional(),
  recalled: z.boolean().optional(),
  mentions: z.array(z.string()).optional(),
});

export const sendResultView = z.object({
  groupId: z.string(),
  seq: z.number().int().meta({ description: '0 for an online-only message, which takes no seq.' }),
  msgKey: z.string(),
  time: time('When the message was stored'),
});

/** Group calls that may collide with another (an ID taken, a member added twice, a send in flight). */
export const conflictError = { 409: errorBody } as const;
/** Group calls the app's or the group's rate limits may refuse. */
export const rateLimitError = { 429: errorBody } as const;
