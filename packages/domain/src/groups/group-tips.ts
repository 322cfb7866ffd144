import type { RuntimeApp } from '@parley/app-config';
import { type GroupTipElem, type GroupTipKind, groupConversationId } from '@parley/protocol';
import { msgKeyOf, toWireMessage } from '../messaging/wire-message.ts';
import type { GroupRecord } from '../ports/group-store.ts';
import type { StoredMessage } from '../ports/message-store.ts';
import type { GroupServiceDeps } from './group-deps.ts';
import { rulesOf } from './group-type-rules.ts';

const DAY_MS = 86_400_000;

/**
 * Group tips (join, quit, kick, role, info, mute): each takes the group's next seq, is stored like a message
 * where the type keeps history, and reaches the online members as a `message` push. Users who just left are
 * told directly (they are no longer in the group's roster).
 */
export class GroupTips {
  readonly #d: GroupServiceDeps;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
  }

  async post(
    app: RuntimeApp,
    group: GroupRecord,
    kind: GroupTipKind,
    operator: string,
    details: {
      userIds?: readonly string[];
      changes?: Record<string, unknown>;
      alsoTell?: readonly string[];
    } = {},
  ): Promise<StoredMessage> {
    const now = this.#d.clock.now();
    const tip: GroupTipElem = {
      MsgType: 'TIMGroupTipElem',
      MsgContent: {
        OpType: kind,
        Operator: operator,
        ...(details.userIds ? { UserIds: [...details.userIds] } : {}),
        ...(details.changes ? { Changes: details.changes } : {}),
      },
    };
    const conversationId = groupConversationId(group.groupId);
    const draft = {
      sdkAppId: app.sdkAppId,
      conversationId,
      from: operator,
      to: group.groupId,
      random: 0,
      time: now,
      body: [tip],
    };
    let message: StoredMessage;
    if (rulesOf(group.type).storesHistory) {
      message = await this.#d.log.append(draft, {
        expireAt: now + app.config.messaging.historyRetentionDays * DAY_MS,
      });
    } else {
      const seq = await this.#d.log.allocateSeq(app.sdkAppId, conversationId);
      message = { ...draft, seq, msgKey: msgKeyOf(seq, 0, now) };
    }
    const wire = toWireMessage(message);
    this.#d.delivery.pushToGroup(app.sdkAppId, group.groupId, 'message', wire);
    if (details.alsoTell && details.alsoTell.length > 0) {
      this.#d.delivery.push(
        app.sdkAppId,
        details.alsoTell.map((userId) => ({ userId })),
        'message',
        wire,
      );
    }
    return message;
  }
}
