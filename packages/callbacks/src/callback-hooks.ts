import type { CallbackFailurePolicy } from '@parley/app-config';
import type { BeforeSendVerdict, MessageHooks } from '@parley/domain';
import type { CallbackEmitter } from './callback-emitter.ts';
import { type CallbackLogger, silentLogger } from './callback-logger.ts';
import { callbackWanted } from './callback-switch.ts';
import type { CallbackOutcome, CallbackSender } from './http/callback-sender.ts';
import { readBeforeSendReply } from './tencent/before-send-reply.ts';
import { afterMsgWithDrawBody, afterSendMsgBody, beforeSendMsgBody } from './tencent/message-bodies.ts';
import { optPlatformOf } from './tencent/opt-platform.ts';

export interface CallbackHooksOptions {
  sender: CallbackSender;
  emitter: CallbackEmitter;
  logger?: CallbackLogger;
  now?: () => number;
}

const ALLOW: BeforeSendVerdict = { action: 'allow' };

/**
 * The messaging service's hooks: C2C.CallbackBeforeSendMsg on the send path (once, never retried, bounded by
 * the app's timeout), C2C.CallbackAfterSendMsg and C2C.CallbackAfterMsgWithDraw queued durably.
 */
export function createCallbackHooks(options: CallbackHooksOptions): MessageHooks {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;

  function onFailure(policy: CallbackFailurePolicy): BeforeSendVerdict {
    return policy === 'block' ? { action: 'reject', error: 'CALLBACK_FAILED' } : ALLOW;
  }

  function verdictOf(
    outcome: CallbackOutcome,
    policy: CallbackFailurePolicy,
    sdkAppId: number,
  ): BeforeSendVerdict {
    if (outcome.kind === 'circuit-open') return onFailure(policy);
    if (outcome.kind !== 'answered') {
      logger.warn(
        { sdkAppId, outcome: outcome.kind, detail: outcome.detail, policy },
        'before-send callback failed',
      );
      return onFailure(policy);
    }
    const decision = readBeforeSendReply(outcome.reply);
    switch (decision.kind) {
      case 'allow':
        return {
          action: 'allow',
          ...(decision.body === undefined ? {} : { body: decision.body }),
          ...(decision.cloudCustomData === undefined ? {} : { cloudCustomData: decision.cloudCustomData }),
        };
      case 'reject':
        return { action: 'reject', error: 'BLOCKED_BY_CALLBACK' };
      case 'drop':
        return { action: 'drop' };
      case 'app-code':
        return {
          action: 'reject',
          error: 'BLOCKED_BY_CALLBACK',
          code: decision.code,
          ...(decision.info === '' ? {} : { detail: decision.info }),
        };
      case 'invalid':
        logger.warn({ sdkAppId, detail: decision.detail, policy }, 'before-send callback reply is invalid');
        return onFailure(policy);
    }
  }

  function context(clientIp: string, platform: string) {
    return { clientIp, optPlatform: optPlatformOf(platform) };
  }

  return {
    async beforeSend(app, message) {
      if (!callbackWanted(app, 'C2C.CallbackBeforeSendMsg')) return ALLOW;
      const outcome = await options.sender.send(app, {
        command: 'C2C.CallbackBeforeSendMsg',
        ...context(message.clientIp, message.platform),
        body: beforeSendMsgBody(message, now()),
      });
      return verdictOf(outcome, app.config.callbacks.beforeSendFailurePolicy, app.sdkAppId);
    },

    afterSend(app, message, ctx) {
      options.emitter.emit(app, {
        command: 'C2C.CallbackAfterSendMsg',
        ...context(ctx.clientIp, ctx.platform),
        body: afterSendMsgBody(message, now()),
      });
    },

    afterRecall(app, message, ctx) {
      options.emitter.emit(app, {
        command: 'C2C.CallbackAfterMsgWithDraw',
        ...context(ctx.clientIp, ctx.platform),
        body: afterMsgWithDrawBody(message, now()),
      });
    },
  };
}
