import { z } from 'zod';
import type { AppErrorCodes } from './before-send-reply.ts';

/** Tencent's range of an app server's own error codes in every group callback reply. */
export const GROUP_APP_ERROR_CODES: AppErrorCodes = { min: 10_100, max: 10_200 };

const replySchema = z.object({
  ActionStatus: z.string().optional(),
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
  RefusedMembers_Account: z.array(z.string()).optional(),
});

/** What the app server said about a group operation, before the failure rule is applied. */
export type GroupDecision =
  /** `refusedMembers`: users the app refused to have invited (Group.CallbackBeforeInviteJoinGroup only). */
  | { kind: 'allow'; refusedMembers?: string[] }
  | { kind: 'reject' }
  | { kind: 'app-code'; code: number; info: string }
  | { kind: 'invalid'; detail: string };

/**
 * Reads the reply of Group.CallbackBeforeCreateGroup, BeforeApplyJoinGroup or BeforeInviteJoinGroup: ErrorCode 0
 * allows (with, for an invitation, the users in `RefusedMembers_Account` refused), 1 refuses, 10100-10200 refuses
 * with that code. Anything else is `invalid`.
 */
export function readGroupReply(json: unknown): GroupDecision {
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      detail: 'the reply has no integer ErrorCode or a malformed RefusedMembers_Account',
    };
  }
  const reply = parsed.data;
  switch (reply.ErrorCode) {
    case 0: {
      const refused = reply.RefusedMembers_Account ?? [];
      return refused.length === 0 ? { kind: 'allow' } : { kind: 'allow', refusedMembers: refused };
    }
    case 1:
      return { kind: 'reject' };
    default:
      if (reply.ErrorCode >= GROUP_APP_ERROR_CODES.min && reply.ErrorCode <= GROUP_APP_ERROR_CODES.max) {
        return { kind: 'app-code', code: reply.ErrorCode, info: (reply.ErrorInfo ?? '').slice(0, 200) };
      }
      return { kind: 'invalid', detail: `ErrorCode ${reply.ErrorCode} is not one the protocol defines` };
  }
}
