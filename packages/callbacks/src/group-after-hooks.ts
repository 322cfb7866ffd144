import type { CallbackEvent, RuntimeApp } from '@parley/app-config';
import type { GroupCallContext, GroupHooks } from '@parley/domain';
import type { CallbackEmitter } from './callback-emitter.ts';
import type { GroupBeforeHooks } from './group-before-hooks.ts';
import {
  afterCreateGroupBody,
  afterGroupDestroyedBody,
  afterGroupFullBody,
  afterGroupInfoChangedBody,
  afterMemberExitBody,
  afterNewMemberJoinBody,
} from './tencent/group-bodies.ts';
import { groupAfterRecallMsgBody, groupAfterSendMsgBody } from './tencent/group-message-bodies.ts';
import { optPlatformOf } from './tencent/opt-platform.ts';

export interface GroupAfterHooksOptions {
  emitter: CallbackEmitter;
  now?: () => number;
}

export type GroupAfterHooks = Omit<GroupHooks, keyof GroupBeforeHooks>;

/**
 * The group services' after-hooks: Tencent's Group.CallbackAfter* commands, queued durably (the emitter skips
 * those the app switched off) and never awaited. Parley's own join and exit types `Created` and `Disbanded` have
 * no Tencent counterpart (Tencent reports them as the group's creation and destruction) and are not sent.
 */
export function createGroupAfterHooks(options: GroupAfterHooksOptions): GroupAfterHooks {
  const now = options.now ?? Date.now;
  const { emitter } = options;

  function emit(app: RuntimeApp, command: CallbackEvent, context: GroupCallContext, body: object): void {
    emitter.emit(app, {
      command,
      clientIp: context.clientIp,
      optPlatform: optPlatformOf(context.platform),
      body,
    });
  }

  return {
    afterCreate(app, group, members, context) {
      const body = afterCreateGroupBody(group, members, context.operator, now());
      emit(app, 'Group.CallbackAfterCreateGroup', context, body);
    },

    afterNewMemberJoin(app, group, userIds, joinType, context) {
      if (joinType === 'Created' || userIds.length === 0) return;
      const body = afterNewMemberJoinBody(group, userIds, joinType, context.operator, now());
      emit(app, 'Group.CallbackAfterNewMemberJoin', context, body);
    },

    afterMemberExit(app, group, userIds, exitType, context) {
      if (exitType === 'Disbanded' || userIds.length === 0) return;
      const body = afterMemberExitBody(group, userIds, exitType, context.operator, now());
      emit(app, 'Group.CallbackAfterMemberExit', context, body);
    },

    afterSend(app, group, message, context) {
      const body = groupAfterSendMsgBody(group, message, context.operator, now());
      emit(app, 'Group.CallbackAfterSendMsg', context, body);
    },

    afterRecall(app, group, message, context) {
      const body = groupAfterRecallMsgBody(group, message, context.operator, now());
      emit(app, 'Group.CallbackAfterRecallMsg', context, body);
    },

    afterGroupFull(app, group, context) {
      emit(app, 'Group.CallbackAfterGroupFull', context, afterGroupFullBody(group, now()));
    },

    afterGroupDestroyed(app, group, members, context) {
      emit(app, 'Group.CallbackAfterGroupDestroyed', context, afterGroupDestroyedBody(group, members, now()));
    },

    afterGroupInfoChanged(app, group, changes, context) {
      const body = afterGroupInfoChangedBody(group, changes, context.operator, now());
      if (body) emit(app, 'Group.CallbackAfterGroupInfoChanged', context, body);
    },
  };
}
