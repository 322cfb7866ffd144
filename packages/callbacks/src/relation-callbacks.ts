import type { RelationEventSink } from '@parley/domain';
import type { CallbackEmitter } from './callback-emitter.ts';
import { optPlatformOf } from './tencent/opt-platform.ts';
import { blackListBody, friendAddBody, friendDeleteBody } from './tencent/sns-bodies.ts';

export interface RelationCallbacksOptions {
  emitter: CallbackEmitter;
  now?: () => number;
}

/**
 * The relation service's event sink: Sns.CallbackFriendAdd / FriendDelete / BlackListAdd / BlackListDelete,
 * queued durably. The user who asked for a friendship is `Initiator_Account`; the actor gives ClientIP / OptPlatform.
 */
export function createRelationCallbacks(options: RelationCallbacksOptions): RelationEventSink {
  const now = options.now ?? Date.now;
  const { emitter } = options;

  return {
    friendAdded(actor, initiator, other, how) {
      emitter.emit(actor.app, {
        command: 'Sns.CallbackFriendAdd',
        clientIp: actor.clientIp,
        optPlatform: optPlatformOf(actor.platform),
        body: friendAddBody(initiator, other, how === 'add' ? 'friend_add' : 'friend_response', now()),
      });
    },
    friendDeleted(actor, a, b) {
      emitter.emit(actor.app, {
        command: 'Sns.CallbackFriendDelete',
        clientIp: actor.clientIp,
        optPlatform: optPlatformOf(actor.platform),
        body: friendDeleteBody(a, b, now()),
      });
    },
    blacklistAdded(actor, owner, targets) {
      if (targets.length === 0) return;
      emitter.emit(actor.app, {
        command: 'Sns.CallbackBlackListAdd',
        clientIp: actor.clientIp,
        optPlatform: optPlatformOf(actor.platform),
        body: blackListBody('Sns.CallbackBlackListAdd', owner, targets, now()),
      });
    },
    blacklistRemoved(actor, owner, targets) {
      if (targets.length === 0) return;
      emitter.emit(actor.app, {
        command: 'Sns.CallbackBlackListDelete',
        clientIp: actor.clientIp,
        optPlatform: optPlatformOf(actor.platform),
        body: blackListBody('Sns.CallbackBlackListDelete', owner, targets, now()),
      });
    },
  };
}
