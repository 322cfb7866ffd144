import { type MessageElement, messageBodySchema } from '@parley/protocol';
import { z } from 'zod';

/** The error codes of its own an app server may refuse with; the sender receives the code as is. */
export interface AppErrorCodes {
  min: number;
  max: number;
}

/** Tencent's range for C2C.CallbackBeforeSendMsg. */
export const C2C_APP_ERROR_CODES: AppErrorCodes = { min: 120_001, max: 130_000 };

const replySchema = z.object({
  ActionStatus: z.string().optional(),
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
  MsgBody: z.unknown().optional(),
  CloudCustomData: z.string().optional(),
});

/** What the app server said about a message, before the failure policy is applied. */
export type BeforeSendDecision =
  | { kind: 'allow'; body?: MessageElement[]; cloudCustomData?: string }
  | { kind: 'reject' }
  | { kind: 'drop' }
  | { kind: 'app-code'; code: number; info: string }
  | { kind: 'invalid'; detail: string };

/**
 * Reads a before-send reply (C2C.CallbackBeforeSendMsg, Group.CallbackBeforeSendMsg): ErrorCode 0 allows (a
 * returned MsgBody / CloudCustomData replaces the original), 1 rejects, 2 drops silently, a code in `appCodes`
 * (C2C: 120001-130000) rejects with that code. Anything else, or a returned MsgBody that is not a valid message
 * body, is `invalid` and the failure policy decides.
 */
export function readBeforeSendReply(
  json: unknown,
  appCodes: AppErrorCodes = C2C_APP_ERROR_CODES,
): BeforeSendDecision {
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', detail: 'the reply has no integer ErrorCode' };
  const reply = parsed.data;
  switch (reply.ErrorCode) {
    case 0:
      return allowed(reply.MsgBody, reply.CloudCustomData);
    case 1:
      return { kind: 'reject' };
    case 2:
      return { kind: 'drop' };
    default:
      if (reply.ErrorCode >= appCodes.min && reply.ErrorCode <= appCodes.max) {
        return { kind: 'app-code', code: reply.ErrorCode, info: (reply.ErrorInfo ?? '').slice(0, 200) };
      }
      return { kind: 'invalid', detail: `ErrorCode ${reply.ErrorCode} is not one the protocol defines` };
  }
}

function allowed(msgBody: unknown, cloudCustomData: string | undefined): BeforeSendDecision {
  if (msgBody === undefined) {
    return cloudCustomData === undefined ? { kind: 'allow' } : { kind: 'allow', cloudCustomData };
  }
  const body = messageBodySchema.safeParse(msgBody);
  if (!body.success) return { kind: 'invalid', detail: 'the returned MsgBody is not a valid message body' };
  return cloudCustomData === undefined
    ? { kind: 'allow', body: body.data }
    : { kind: 'allow', body: body.data, cloudCustomData };
}
