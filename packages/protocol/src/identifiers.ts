import { z } from 'zod';

/** Tencent's SDKAppID: a positive integer. Parley allocates them from 1400000000 upwards like Tencent. */
export const sdkAppIdSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 32 - 1);

/** Tencent's limit on a UserID (and on group IDs and other identifiers), in UTF-8 bytes. */
export const MAX_IDENTIFIER_BYTES = 32;

/**
 * Why `value` is not a well-formed identifier, or undefined when it is. The one rule for every identifier
 * (Tencent's): 1 to 32 bytes of UTF-8, no unpaired UTF-16 surrogate (it has no UTF-8 form and would be stored
 * as U+FFFD, merging distinct IDs), no control character.
 */
export function identifierProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  // With the u flag a well-formed pair is one code point; only a lone surrogate matches \p{Cs}.
  if (/\p{Cs}/u.test(value)) return 'must be well-formed Unicode (no unpaired surrogate)';
  if (/\p{Cc}/u.test(value)) return 'must not contain control characters';
  if (Buffer.byteLength(value, 'utf8') > MAX_IDENTIFIER_BYTES) {
    return `must be at most ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  return undefined;
}

/** Why `value` is not a well-formed UserID: the identifier rule, and no ':' or whitespace. */
export function userIdProblem(value: string): string | undefined {
  return (
    identifierProblem(value) ?? (/[:\s]/u.test(value) ? 'must not contain ":" or whitespace' : undefined)
  );
}

function schemaOf(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = problemOf(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Any identifier: the rule of `identifierProblem`, one issue at most. */
export const identifierSchema = schemaOf(identifierProblem);

/**
 * A UserID: a well-formed identifier. Parley also forbids ':' and whitespace, because conversation IDs are
 * built as `c2c:<a>:<b>`.
 */
export const userIdSchema = schemaOf(userIdProblem).meta({
  description:
    'A UserID: 1-32 bytes of UTF-8, well-formed Unicode (no unpaired surrogate), no control characters, ' +
    'no ":" or whitespace (docs/protocol.md).',
});

export const platformSchema = z.enum(['ios', 'android', 'ipad', 'windows', 'mac', 'linux', 'web']);
export type Platform = z.infer<typeof platformSchema>;

export const conversationIdSchema = z
  .string()
  .max(3 + 2 * (1 + MAX_IDENTIFIER_BYTES))
  .regex(/^c2c:[^:]+:[^:]+$/, 'must look like c2c:<userA>:<userB>')
  .refine(
    (s) => s.split(':').every((part) => userIdProblem(part) === undefined),
    'both participants must be well-formed user IDs',
  );

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
