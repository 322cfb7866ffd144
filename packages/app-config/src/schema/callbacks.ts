import { z } from 'zod';
import { secretString } from './secret-string.ts';

/**
 * The webhook events Parley can call the app server for, named with Tencent's CallbackCommand values so an app
 * server written for Tencent Chat recognises them.
 */
export const CALLBACK_EVENTS = [
  'C2C.CallbackBeforeSendMsg',
  'C2C.CallbackAfterSendMsg',
  'C2C.CallbackAfterMsgWithDraw',
  'State.StateChange',
  'Sns.CallbackFriendAdd',
  'Sns.CallbackFriendDelete',
  'Sns.CallbackBlackListAdd',
  'Sns.CallbackBlackListDelete',
  'Group.CallbackBeforeCreateGroup',
  'Group.CallbackAfterCreateGroup',
  'Group.CallbackBeforeApplyJoinGroup',
  'Group.CallbackBeforeInviteJoinGroup',
  'Group.CallbackAfterNewMemberJoin',
  'Group.CallbackAfterMemberExit',
  'Group.CallbackBeforeSendMsg',
  'Group.CallbackAfterSendMsg',
  'Group.CallbackAfterRecallMsg',
  'Group.CallbackAfterGroupFull',
  'Group.CallbackAfterGroupDestroyed',
  'Group.CallbackAfterGroupInfoChanged',
] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

/** What happens to a message (one-to-one or group) when its before-send callback fails or times out. */
export const CALLBACK_FAILURE_POLICIES = ['deliver', 'block'] as const;
export type CallbackFailurePolicy = (typeof CALLBACK_FAILURE_POLICIES)[number];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const eventsShape = Object.fromEntries(
  CALLBACK_EVENTS.map((event) => [event, z.boolean().default(false)]),
) as {
  [E in CallbackEvent]: z.ZodDefault<z.ZodBoolean>;
};

export const callbacksSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    url: z
      .string()
      .max(2048)
      .refine((url) => url === '' || isHttpUrl(url), 'must be an http:// or https:// URL, or empty')
      .default(''),
    token: secretString({ required: false, maxLength: 64 }).default(''),
    timeoutMs: z.number().int().min(100).max(10_000).default(2000),
    beforeSendFailurePolicy: z.enum(CALLBACK_FAILURE_POLICIES).default('deliver'),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(10).default(3),
        initialBackoffMs: z.number().int().min(100).max(60_000).default(1000),
      })
      .prefault({}),
    events: z.strictObject(eventsShape).prefault({}),
  })
  .superRefine((callbacks, ctx) => {
    // Cross-field: enabling callbacks without somewhere to send them would silently drop every event.
    if (callbacks.enabled && callbacks.url === '') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must be set when callbacks.enabled is true' });
    }
  });
