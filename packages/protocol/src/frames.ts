import { z } from 'zod';
import type { WireError } from './error-catalogue.ts';
import { type GroupOpResults, type GroupPushPayloads, groupOpSchemas } from './group-frames.ts';
import type { GroupType } from './group-model.ts';
import { conversationIdSchema, platformSchema, sdkAppIdSchema, userIdSchema } from './identifiers.ts';
import type { KickReason } from './kick-reasons.ts';
import { messageBodySchema } from './message-body.ts';
import { type ProfileOpResults, type ProfilePushPayloads, profileOpSchemas } from './profile-frames.ts';
import type { WireMessage } from './wire-message.ts';

/** Every client frame: `{ id, op, data }`. `id` correlates the reply. */
export const requestFrameSchema = z.object({
  id: z.string().min(1).max(64),
  op: z.string().min(1).max(32),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

const seqSchema = z.number().int().nonnegative();
const limitSchema = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

/** The data schema of each op. The gateway parses `data` with the op's schema before the domain sees it. */
export const opSchemas = {
  login: z.object({
    sdkAppId: sdkAppIdSchema,
    userId: userIdSchema,
    userSig: z.string().min(1).max(4096),
    platform: platformSchema,
  }),
  logout: z.object({}),
  ping: z.object({}),
  send: z.object({
    to: userIdSchema,
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
  }),
  sync: z.object({ conversationId: conversationIdSchema, afterSeq: seqSchema, limit: limitSchema(500, 100) }),
  history: z.object({
    conversationId: conversationIdSchema,
    beforeSeq: seqSchema.optional(),
    limit: limitSchema(100, 20),
  }),
  recall: z.object({ conversationId: conversationIdSchema, seq: z.number().int().min(1) }),
  conversations: z.object({ limit: z.number().int().min(1).max(500).optional() }),
  read: z.object({ conversationId: conversationIdSchema, seq: seqSchema }),
  'friend.add': z.object({ to: userIdSchema, wording: z.string().max(256).optional() }),
  'friend.respond': z.object({ from: userIdSchema, accept: z.boolean() }),
  'friend.delete': z.object({ userId: userIdSchema }),
  'friend.list': z.object({}),
  'friend.check': z.object({ userIds: z.array(userIdSchema).min(1).max(100) }),
  'blacklist.add': z.object({ userIds: z.array(userIdSchema).min(1).max(100) }),
  'blacklist.remove': z.object({ userIds: z.array(userIdSchema).min(1).max(100) }),
  'blacklist.list': z.object({}),
  ...groupOpSchemas,
  ...profileOpSchemas,
} as const;

export type OpName = keyof typeof opSchemas;
export type OpData<Op extends OpName> = z.infer<(typeof opSchemas)[Op]>;
export type OpInput<Op extends OpName> = z.input<(typeof opSchemas)[Op]>;
export const opNames = Object.keys(opSchemas) as OpName[];

export function isOpName(op: string): op is OpName {
  return Object.hasOwn(opSchemas, op);
}

export interface SendResult {
  conversationId: string;
  seq: number;
  msgKey: string;
  time: number;
}

export interface ConversationSummary {
  conversationId: string;
  /** The other user, or the group ID of a group conversation. */
  peer: string;
  /** Present on group conversations. */
  groupType?: GroupType;
  lastSeq: number;
  readSeq: number;
  unread: number;
  lastMessage: WireMessage | null;
  updatedAt: number;
}

export type FriendRelation = 'none' | 'friends' | 'request-sent' | 'request-received';

interface CoreOpResults {
  login: {
    userId: string;
    sdkAppId: number;
    instanceId: string;
    serverTime: number;
    conversations: { conversationId: string; lastSeq: number }[];
  };
  logout: Record<string, never>;
  ping: { serverTime: number };
  send: SendResult;
  sync: { messages: WireMessage[]; lastSeq: number; complete: boolean };
  history: { messages: WireMessage[]; complete: boolean };
  recall: { conversationId: string; seq: number };
  conversations: { conversations: ConversationSummary[] };
  read: { conversationId: string; readSeq: number; unread: number };
  'friend.add': { userId: string; relation: 'friends' };
  'friend.respond': { userId: string; relation: 'friends' | 'none' };
  'friend.delete': { userId: string };
  'friend.list': { friends: { userId: string; since: number }[] };
  'friend.check': { results: { userId: string; relation: FriendRelation }[] };
  'blacklist.add': { userIds: string[] };
  'blacklist.remove': { userIds: string[] };
  'blacklist.list': { userIds: string[] };
}
/** The reply data of each op. */
export type OpResults = CoreOpResults & GroupOpResults & ProfileOpResults;

/** Server pushes: `{ push, data }`. */
interface CorePushPayloads {
  message: WireMessage;
  recalled: { conversationId: string; seq: number; by: string };
  read: { conversationId: string; by: string; readSeq: number };
  kicked: { reason: KickReason; byPlatform?: string };
  friendRequest: { from: string; wording?: string };
  friendAdded: { userId: string };
  friendDeleted: { userId: string };
}
export type PushPayloads = CorePushPayloads & GroupPushPayloads & ProfilePushPayloads;
export type PushName = keyof PushPayloads;

export type ReplyFrame<Op extends OpName = OpName> =
  | { id: string; ok: true; data: OpResults[Op] }
  | { id: string; ok: false; error: WireError };
export interface PushFrame<P extends PushName = PushName> {
  push: P;
  data: PushPayloads[P];
}

export const GATEWAY_PATH = '/v1/ws';
/** The largest frame the gateway reads; larger frames close the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const LOGIN_TIMEOUT_MS = 10_000;

/** Every push name, at run time (docs/protocol.md's Pushes table is checked against it). */
export const pushNames = [
  'message',
  'recalled',
  'read',
  'kicked',
  'friendRequest',
  'friendAdded',
  'friendDeleted',
  'groupRecalled',
  'groupApplication',
  'groupApplicationHandled',
  'groupRead',
  'groupDestroyed',
  'groupTopic',
  'profile',
] as const satisfies readonly PushName[];
/** Fails to compile when a push is added to PushPayloads but not to pushNames. */
const everyPushNamed: Record<Exclude<PushName, (typeof pushNames)[number]>, never> = {};
void everyPushNamed;
