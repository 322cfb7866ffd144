import { z } from 'zod';

/** Tencent's SDKAppID: a positive integer. Parley allocates them from 1400000000 upwards like Tencent. */
export const sdkAppIdSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 32 - 1);

/**
 * A UserID: 1-32 bytes (Tencent's limit). Parley also forbids ':' and control characters,
 * because conversation IDs are built as `c2c:<a>:<b>`.
 */
export const userIdSchema = z
  .string()
  .min(1)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= 32, 'must be at most 32 bytes')
  .refine((s) => !/[:\p{Cc}\s]/u.test(s), 'must not contain ":", whitespace or control characters');

export const platformSchema = z.enum(['ios', 'android', 'ipad', 'windows', 'mac', 'linux', 'web']);
export type Platform = z.infer<typeof platformSchema>;

export const conversationIdSchema = z
  .string()
  .regex(/^c2c:[^:]+:[^:]+$/, 'must look like c2c:<userA>:<userB>');

/** The conversation of two users: the same ID from both sides. */
export function c2cConversationId(a: string, b: string): string {
  return a < b ? `c2c:${a}:${b}` : `c2c:${b}:${a}`;
}

/** The two participants of a c2c conversation ID, or undefined when it is not one. */
export function c2cParticipants(conversationId: string): [string, string] | undefined {
  const parts = conversationId.split(':');
  if (parts.length !== 3 || parts[0] !== 'c2c' || !parts[1] || !parts[2]) return undefined;
  return [parts[1], parts[2]];
}
