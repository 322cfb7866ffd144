import type { CallbackEvent, CallbackFailurePolicy, RuntimeApp } from '@parley/app-config';
import type { GroupCallContext, GroupHooks, GroupSendVerdict, GroupVerdict } from '@parley/domain';
import { type CallbackLogger, silentLogger } from './callback-logger.ts';
import { callbackWanted } from './callback-switch.ts';
import type { CallbackOutcome, CallbackSender } from './http/callback-sender.ts';
import { readBeforeSendReply } from './tencent/before-send-reply.ts';
import {
  beforeApplyJoinGroupBody,
  beforeCreateGroupBody,
  beforeInviteJoinGroupBody,
} from './tencent/group-bodies.ts';
import { groupBeforeSendMsgBody } from './tencent/group-message-bodies.ts';
import { GROUP_APP_ERROR_CODES, readGroupReply } from './tencent/group-reply.ts';
import { optPlatformOf } from './tencent/opt-platform.ts';

export interface GroupBeforeHooksOptions {
  sender: CallbackSender;
  logger?: CallbackLogger;
  now?: () => number;
}

export type GroupBeforeHooks = Pick<
  GroupHooks,
  'beforeCreate' | 'beforeApplyJoin' | 'beforeInviteJoin' | 'beforeSend'
>;

const ALLOW = { action: 'allow' } as const;
const REJECTED = { action: 'reject', error: 'GROUP_CALLBACK_REJECTED' } as const;

/**
 * The group services' before-hooks: Tencent's Group.CallbackBefore* commands, on the request path (sent once,
 * never retried, bounded by the app's timeout). A refusal fails the operation with GROUP_CALLBACK_REJECTED (10016)
 * or the app's own code (10100-10200). When the callback fails (timeout, error, bad reply, open circuit) the
 * operation goes on, as on Tencent; only a group message follows the app's `beforeSendFailurePolicy`.
 */
export function createGroupBeforeHooks(options: GroupBeforeHooksOptions): GroupBeforeHooks {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;

  /** Undefined when the app does not want this callback. */
  async function ask(
    app: RuntimeApp,
    command: CallbackEvent,
    context: GroupCallContext,
    body: object,
  ): Promise<CallbackOutcome | undefined> {
    if (!callbackWanted(app, command)) return undefined;
    return options.sender.send(app, {
      command,
      clientIp: context.clientIp,
      optPlatform: optPlatformOf(context.platform),
      body,
    });
  }

  function warn(app: RuntimeApp, command: CallbackEvent, detail: string, outcome: string): void {
    logger.warn({ sdkAppId: app.sdkAppId, command, outcome, detail }, 'group before-callback failed');
  }

  /** `invited`: the users of an invitation, some of whom the app may refuse. */
  function verdictOf(
    app: RuntimeApp,
    command: CallbackEvent,
    outcome: CallbackOutcome | undefined,
    invited: readonly string[] = [],
  ): GroupVerdict {
    if (outcome === undefined || outcome.kind === 'circuit-open') return ALLOW;
    if (outcome.kind !== 'answered') {
      warn(app, command, outcome.detail, outcome.kind);
      return ALLOW;
    }
    const decision = readGroupReply(outcome.reply);
    switch (decision.kind) {
      case 'allow': {
        const refused = invited.filter((userId) => decision.refusedMembers?.includes(userId));
        // Parley admits an invitation whole or not at all: one refused user refuses it.
        return refused.length === 0
          ? ALLOW
          : { ...REJECTED, detail: `The app refused to have ${refused.join(', ')} invited.` };
      }
      case 'reject':
        return REJECTED;
      case 'app-code':
        return {
          ...REJECTED,
          code: decision.code,
          ...(decision.info === '' ? {} : { detail: decision.info }),
        };
      case 'invalid':
        warn(app, command, decision.detail, 'invalid reply');
        return ALLOW;
    }
  }

  function onSendFailure(policy: CallbackFailurePolicy): GroupSendVerdict {
    return policy === 'block' ? { action: 'reject', error: 'CALLBACK_FAILED' } : ALLOW;
  }

  function sendVerdictOf(app: RuntimeApp, outcome: CallbackOutcome | undefined): GroupSendVerdict {
    const policy = app.config.callbacks.beforeSendFailurePolicy;
    const command = 'Group.CallbackBeforeSendMsg';
    if (outcome === undefined) return ALLOW;
    if (outcome.kind === 'circuit-open') return onSendFailure(policy);
    if (outcome.kind !== 'answered') {
      warn(app, command, outcome.detail, outcome.kind);
      return onSendFailure(policy);
    }
    const decision = readBeforeSendReply(outcome.reply, GROUP_APP_ERROR_CODES);
    switch (decision.kind) {
      case 'allow':
        return {
          action: 'allow',
          ...(decision.body === undefined ? {} : { body: decision.body }),
          ...(decision.cloudCustomData === undefined ? {} : { cloudCustomData: decision.cloudCustomData }),
        };
      case 'reject':
        return REJECTED;
      case 'drop':
        return { action: 'drop' };
      case 'app-code':
        return {
          ...REJECTED,
          code: decision.code,
          ...(decision.info === '' ? {} : { detail: decision.info }),
        };
      case 'invalid':
        warn(app, command, decision.detail, 'invalid reply');
        return onSendFailure(policy);
    }
  }

  return {
    async beforeCreate(app, group, members, context) {
      const command = 'Group.CallbackBeforeCreateGroup';
      const body = beforeCreateGroupBody(group, members, context.operator, now());
      return verdictOf(app, command, await ask(app, command, context, body));
    },

    async beforeApplyJoin(app, group, context) {
      const command = 'Group.CallbackBeforeApplyJoinGroup';
      const body = beforeApplyJoinGroupBody(group, context.operator, now());
      return verdictOf(app, command, await ask(app, command, context, body));
    },

    async beforeInviteJoin(app, group, userIds, context) {
      const command = 'Group.CallbackBeforeInviteJoinGroup';
      const body = beforeInviteJoinGroupBody(group, userIds, context.operator, now());
      return verdictOf(app, command, await ask(app, command, context, body), userIds);
    },

    async beforeSend(app, message, context) {
      const command = 'Group.CallbackBeforeSendMsg';
      const body = groupBeforeSendMsgBody(message, context.operator, now());
      return sendVerdictOf(app, await ask(app, command, context, body));
    },
  };
}
