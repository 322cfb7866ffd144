import { z } from 'zod';

/** Tencent Chat's editions, from the free trial up; the names are Parley's, lower-case. */
export const PLAN_NAMES = ['trial', 'pro', 'ultimate', 'enterprise'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/** The package the app is on and the quotas Parley enforces from it. */
export const planSchema = z.strictObject({
  name: z.enum(PLAN_NAMES).default('trial'),
  maxConcurrentConnections: z.number().int().min(1).max(10_000_000).default(10_000),
  maxMessagesPerSecond: z.number().int().min(1).max(1_000_000).default(1000),
  maxReadsPerUserPerSecond: z.number().int().min(1).max(100_000).default(200),
  /** Members of a Work, Public or Meeting group (Tencent: 20 / 200 / 2,000 by edition, raisable to 6,000). */
  maxGroupMembers: z.number().int().min(1).max(6000).default(2000),
  /** Groups one user may create or join, AVChatRoom not counted. */
  maxGroupsPerUser: z.number().int().min(1).max(10_000).default(500),
  /**
   * Calls per second of one Tencent REST command (/v4) for the app (Tencent: 200); the account commands
   * multiaccount_import, account_delete and account_check get half.
   */
  maxRestCallsPerCommandPerSecond: z.number().int().min(2).max(100_000).default(200),
});
