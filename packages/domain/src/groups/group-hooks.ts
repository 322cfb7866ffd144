import type { RuntimeApp } from '@parley/app-config';
import type { ErrorName, MessageElement } from '@parley/protocol';
import type { GroupRecord } from '../ports/group-store.ts';
import type { StoredMessage } from '../ports/message-store.ts';

export interface GroupCallContext {
  operator: string;
  clientIp: string;
  platform: string;
}

export type GroupVerdict =
  | { action: 'allow' }
  | { action: 'reject'; error: ErrorName; code?: number; detail?: string };

export type GroupSendVerdict =
  | { action: 'allow'; body?: MessageElement[]; cloudCustomData?: string }
  | { action: 'drop' }
  | { action: 'reject'; error: ErrorName; code?: number; detail?: string };

export interface OutgoingGroupMessage {
  group: GroupRecord;
  from: string;
  random: number;
  time: number;
  body: MessageElement[];
  cloudCustomData?: string;
  onlineOnly: boolean;
}

export type JoinType = 'Apply' | 'Invited' | 'Created';
export type ExitType = 'Quit' | 'Kicked' | 'Disbanded';

/**
 * Tencent's group callbacks (Group.Callback*), each behind the app's switch in `callbacks.events`. Before-hooks
 * run on the request path and may refuse; after-hooks are queued durably and never awaited.
 */
export interface GroupHooks {
  beforeCreate(
    app: RuntimeApp,
    group: GroupRecord,
    members: readonly string[],
    context: GroupCallContext,
  ): Promise<GroupVerdict>;
  afterCreate(
    app: RuntimeApp,
    group: GroupRecord,
    members: readonly string[],
    context: GroupCallContext,
  ): void;
  beforeApplyJoin(app: RuntimeApp, group: GroupRecord, context: GroupCallContext): Promise<GroupVerdict>;
  beforeInviteJoin(
    app: RuntimeApp,
    group: GroupRecord,
    userIds: readonly string[],
    context: GroupCallContext,
  ): Promise<GroupVerdict>;
  afterNewMemberJoin(
    app: RuntimeApp,
    group: GroupRecord,
    userIds: readonly string[],
    joinType: JoinType,
    context: GroupCallContext,
  ): void;
  afterMemberExit(
    app: RuntimeApp,
    group: GroupRecord,
    userIds: readonly string[],
    exitType: ExitType,
    context: GroupCallContext,
  ): void;
  beforeSend(
    app: RuntimeApp,
    message: OutgoingGroupMessage,
    context: GroupCallContext,
  ): Promise<GroupSendVerdict>;
  afterSend(app: RuntimeApp, group: GroupRecord, message: StoredMessage, context: GroupCallContext): void;
  /** A join failed because the group is full; `context` is the user whose action tried to add members. */
  afterGroupFull(app: RuntimeApp, group: GroupRecord, context: GroupCallContext): void;
  /**
   * `members`: who was in the group when it was disbanded (empty for AVChatRoom and Community groups, whose
   * members Tencent's Group.CallbackAfterGroupDestroyed does not list).
   */
  afterGroupDestroyed(
    app: RuntimeApp,
    group: GroupRecord,
    members: readonly string[],
    context: GroupCallContext,
  ): void;
  afterGroupInfoChanged(
    app: RuntimeApp,
    group: GroupRecord,
    changes: Record<string, unknown>,
    context: GroupCallContext,
  ): void;
  afterRecall(app: RuntimeApp, group: GroupRecord, message: StoredMessage, context: GroupCallContext): void;
}

/** Hooks that allow everything and report nothing: an app without callbacks, and domain tests. */
export const noGroupHooks: GroupHooks = {
  beforeCreate: async () => ({ action: 'allow' }),
  afterCreate: () => {},
  beforeApplyJoin: async () => ({ action: 'allow' }),
  beforeInviteJoin: async () => ({ action: 'allow' }),
  afterNewMemberJoin: () => {},
  afterMemberExit: () => {},
  beforeSend: async () => ({ action: 'allow' }),
  afterSend: () => {},
  afterGroupFull: () => {},
  afterGroupDestroyed: () => {},
  afterGroupInfoChanged: () => {},
  afterRecall: () => {},
};
