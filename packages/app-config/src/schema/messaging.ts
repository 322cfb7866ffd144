import { z } from 'zod';

/**
 * What the sender of a one-to-one message sees when the recipient has blocked them: Tencent's console shows
 * "success" by default (the message is silently not delivered); "error" returns error 20007 instead.
 */
export const BLOCKED_SENDER_RESULTS = ['success', 'error'] as const;
export type BlockedSenderResult = (typeof BLOCKED_SENDER_RESULTS)[number];

/** Seven days, the longest recall window Parley accepts. */
export const MAX_RECALL_LIMIT_SECONDS = 7 * 24 * 60 * 60;

export const messagingSchema = z.strictObject({
  friendshipCheck: z.boolean().default(false),
  blacklistCheck: z.boolean().default(true),
  blockedSenderSees: z.enum(BLOCKED_SENDER_RESULTS).default('success'),
  recallLimitSeconds: z.number().int().min(0).max(MAX_RECALL_LIMIT_SECONDS).default(120),
  historyRetentionDays: z.number().int().min(1).max(3650).default(7),
  recentContacts: z.number().int().min(100).max(500).default(100),
});
