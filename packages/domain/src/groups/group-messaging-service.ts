import {
  GROUP_LIMITS,
  type GroupSendResult,
  groupConversationId,
  type OpData,
  type OpResults,
  ParleyError,
} from '@parley/protocol';
import type { Actor } from '../actor.ts';
import { assertMessageSize } from '../messaging/message-size.ts';
import { readAfter, readBefore } from '../messaging/page-budget.ts';
import { retentionHorizon } from '../messaging/retention-horizon.ts';
import { DEDUP_WINDOW_MS } from '../messaging/send-claims.ts';
import { msgKeyOf, toWireMessage } from '../messaging/wire-message.ts';
import type { StoredMessage } from '../ports/message-store.ts';
import { atLeast, GroupAccess, type GroupView } from './group-access.ts';
import type { GroupServiceDeps } from './group-deps.ts';
import { contextOf, rejection } from './group-service.ts';
import { seesPreJoinHistory } from './group-type-rules.ts';

const DAY_MS = 86_400_000;
/** AVChatRoom's history for new members (when the app enables it): at most 20 messages of the last 24 h. */
export const AVCHATROOM_NEW_MEMBER_MESSAGES = 20;

/** Group messages: send (fan-out once per node), sync, history, recall. Read state: GroupReadService. */
export class GroupMessagingService {
  readonly #d: GroupServiceDeps;
  readonly #access: GroupAccess;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
    this.#access = new GroupAccess(deps.groups, deps.delivery, deps.topics);
  }

  async send(actor: Actor, data: OpData<'group.send'>): Promise<GroupSendResult> {
    const { app, userId: from } = actor;
    const sdkAppId = app.sdkAppId;
    if ((data.mentions?.length ?? 0) > GROUP_LIMITS.mentions)
      throw new ParleyError('GROUP_TOO_MANY_MENTIONS');
    assertMessageSize(data.body, data.cloudCustomData);
    const view = await this.#access.asMemberOf(actor, data.groupId);
    const now = this.#d.clock.now();
    await this.#assertMayTalk(view, actor, now);
    if (!(await this.#d.rateLimiter.take(`msg:${sdkAppId}`, app.config.plan.maxMessagesPerSecond))) {
      throw new ParleyError('RATE_LIMITED');
    }
    if (
      !(await this.#d.rateLimiter.take(`gmsg:${sdkAppId}:${data.groupId}`, GROUP_LIMITS.messagesPerSecond))
    ) {
      throw new ParleyError('GROUP_RATE_LIMITED');
    }
    const conversationId = groupConversationId(data.groupId);
    const dedupKey = `${sdkAppId}:${from}:${conversationId}:${data.random}`;
    const claim = await this.#d.claims.claim(dedupKey);
    if (claim.state === 'done') return JSON.parse(claim.value) as GroupSendResult;
    if (claim.state === 'pending') {
      const stored = await this.#findResend(actor, data);
      if (!stored) throw new ParleyError('DUPLICATE_IN_FLIGHT');
      return resultOf(data.groupId, stored);
    }
    try {
      const stored = await this.#findResend(actor, data);
      const result = stored
        ? resultOf(data.groupId, stored)
        : await this.#storeAndDeliver(view, actor, data, now);
      await this.#d.claims.complete(dedupKey, JSON.stringify(result));
      return result;
    } catch (error) {
      await this.#d.claims.release(dedupKey).catch(() => {});
      throw error;
    }
  }

  async #assertMayTalk(view: GroupView, actor: Actor, now: number): Promise<void> {
    if (view.standing === 'AppAdmin') return;
    let member = view.member;
    // An AVChatRoom keeps member rows only for its muted users.
    if (!view.rules.storesMembers) {
      [member] = await this.#d.groups.getMembers(actor.app.sdkAppId, view.group.groupId, [actor.userId]);
    }
    if (member?.mutedUntil != null && member.mutedUntil > now) {
      throw new ParleyError('GROUP_MEMBER_MUTED', {
        detail: `Muted until ${new Date(member.mutedUntil).toISOString()}.`,
      });
    }
    if (view.group.muteAll && !atLeast(view.standing, 'Admin')) {
      throw new ParleyError('GROUP_MEMBER_MUTED', { detail: 'The whole group is muted.' });
    }
    if (view.topic?.muteAll && !atLeast(view.standing, 'Admin')) {
      throw new ParleyError('GROUP_MEMBER_MUTED', { detail: 'The whole topic is muted.' });
    }
  }

  /** A resend within the dedup window of a message already stored (whoever stored it). */
  async #findResend(actor: Actor, data: OpData<'group.send'>): Promise<StoredMessage | undefined> {
    const since = this.#d.clock.now() - DEDUP_WINDOW_MS;
    const stored = await this.#d.messages.findByRandom(
      actor.app.sdkAppId,
      actor.userId,
      data.groupId,
      data.random,
      since,
    );
    return stored?.conversationId === groupConversationId(data.groupId) ? stored : undefined;
  }

  async #storeAndDeliver(
    view: GroupView,
    actor: Actor,
    data: OpData<'group.send'>,
    now: number,
  ): Promise<GroupSendResult> {
    const { app, userId: from } = actor;
    const { group, rules } = view;
    // A topic's messages have the topic's own seq and conversation; they reach the community's members.
    const target = view.topic?.topicId ?? group.groupId;
    const onlineOnly = data.onlineOnly ?? false;
    const context = contextOf(actor);
    let body = data.body;
    let cloudCustomData = data.cloudCustomData;
    const verdict = await this.#d.hooks.beforeSend(
      app,
      {
        group,
        from,
        random: data.random,
        time: now,
        body,
        onlineOnly,
        ...(cloudCustomData === undefined ? {} : { cloudCustomData }),
      },
      context,
    );
    if (verdict.action === 'drop')
      return { groupId: target, seq: 0, msgKey: msgKeyOf(0, data.random, now), time: now };
    if (verdict.action === 'reject') throw rejection(verdict);
    if (verdict.body) body = verdict.body;
    if (verdict.cloudCustomData !== undefined) cloudCustomData = verdict.cloudCustomData;
    if (verdict.body || verdict.cloudCustomData !== undefined) assertMessageSize(body, cloudCustomData);

    const conversationId = groupConversationId(target);
    const draft = {
      sdkAppId: app.sdkAppId,
      conversationId,
      from,
      to: target,
      random: data.random,
      time: now,
      body,
      ...(cloudCustomData === undefined ? {} : { cloudCustomData }),
      ...(data.mentions === undefined ? {} : { mentions: data.mentions }),
    };
    let message: StoredMessage;
    const keep = rules.storesHistory ? !onlineOnly : app.config.groups.avChatRoomNewMemberHistory;
    if (keep) {
      message = await this.#d.log.append(draft, {
        expireAt: now + (rules.storesHistory ? app.config.messaging.historyRetentionDays * DAY_MS : DAY_MS),
      });
    } else if (onlineOnly) {
      // Online-only messages take no seq, so the stored sequence stays gap-free.
      message = { ...draft, seq: 0, msgKey: msgKeyOf(0, data.random, now) };
    } else {
      const seq = await this.#d.log.allocateSeq(app.sdkAppId, conversationId);
      message = { ...draft, seq, msgKey: msgKeyOf(seq, data.random, now) };
    }
    this.#d.delivery.pushToGroup(
      app.sdkAppId,
      group.groupId,
      'message',
      toWireMessage(message),
      actor.instanceId,
    );
    this.#d.hooks.afterSend(app, group, message, context);
    return resultOf(target, message);
  }

  async sync(actor: Actor, data: OpData<'group.sync'>): Promise<OpResults['group.sync']> {
    const view = await this.#access.asMemberOf(actor, data.groupId);
    await this.#takeRead(actor);
    const { app } = actor;
    const conversationId = groupConversationId(data.groupId);
    const [lastSeq = 0] = await this.#d.log.lastSeqs(app.sdkAppId, [conversationId]);
    const { floor, notBefore } = this.#window(view, actor, lastSeq);
    const { rows: page, complete } = await readAfter(
      this.#d.messages,
      { sdkAppId: app.sdkAppId, conversationId, limit: data.limit, notBefore },
      Math.max(data.afterSeq, floor),
    );
    return {
      messages: page.map(toWireMessage),
      lastSeq: Math.max(lastSeq, page.at(-1)?.seq ?? 0),
      complete,
    };
  }

  async history(actor: Actor, data: OpData<'group.history'>): Promise<OpResults['group.history']> {
    const view = await this.#access.asMemberOf(actor, data.groupId);
    await this.#takeRead(actor);
    const { app } = actor;
    const conversationId = groupConversationId(data.groupId);
    const [lastSeq = 0] = view.rules.storesHistory
      ? [0]
      : await this.#d.log.lastSeqs(app.sdkAppId, [conversationId]);
    const { floor, notBefore } = this.#window(view, actor, lastSeq);
    const { rows, complete } = await readBefore(
      this.#d.messages,
      { sdkAppId: app.sdkAppId, conversationId, limit: data.limit, notBefore, floor },
      data.beforeSeq,
    );
    return { messages: rows.map(toWireMessage), complete };
  }

  /**
   * What of the group's history this member may read, as a seq floor and a time floor: from their join (without
   * pre-join history) within the app's retention; in an AVChatRoom only the new-member buffer (the last 20
   * messages of the last 24 h, when the app enables it; nothing otherwise).
   */
  #window(view: GroupView, actor: Actor, lastSeq: number): { floor: number; notBefore: number } {
    const { app } = actor;
    const now = this.#d.clock.now();
    if (!view.rules.storesHistory) {
      const enabled = app.config.groups.avChatRoomNewMemberHistory;
      const floor = enabled ? Math.max(0, lastSeq - AVCHATROOM_NEW_MEMBER_MESSAGES) : lastSeq;
      return { floor, notBefore: now - DAY_MS };
    }
    // A member's joinSeq is a position in the community's own sequence, not in a topic's.
    const floor =
      view.member &&
      view.standing !== 'AppAdmin' &&
      !view.topic &&
      !seesPreJoinHistory(app.config, view.group.type)
        ? view.member.joinSeq
        : 0;
    return { floor, notBefore: retentionHorizon(app.config, now) };
  }

  async recall(actor: Actor, data: OpData<'group.recall'>): Promise<OpResults['group.recall']> {
    const { app } = actor;
    const view = await this.#access.asMemberOf(actor, data.groupId);
    if (!view.rules.recall) throw new ParleyError('GROUP_RECALL_UNSUPPORTED');
    const conversationId = groupConversationId(data.groupId);
    const message = await this.#d.messages.get(app.sdkAppId, conversationId, data.seq);
    const now = this.#d.clock.now();
    if (!message || message.time < retentionHorizon(app.config, now))
      throw new ParleyError('GROUP_MESSAGE_NOT_FOUND');
    if (message.recalledAt !== undefined) return { groupId: data.groupId, seq: data.seq };
    if (!atLeast(view.standing, 'Admin')) {
      if (message.from !== actor.userId) {
        throw new ParleyError('GROUP_PERMISSION_DENIED', {
          detail: 'Members recall only their own messages.',
        });
      }
      const limitMs = app.config.messaging.recallLimitSeconds * 1000;
      if (limitMs === 0) throw new ParleyError('GROUP_RECALL_DISABLED');
      if (now - message.time > limitMs) throw new ParleyError('GROUP_RECALL_TIME_LIMIT');
    }
    const recalled = await this.#d.log.recall(app.sdkAppId, conversationId, data.seq, now);
    if (!recalled) throw new ParleyError('GROUP_MESSAGE_NOT_FOUND');
    this.#d.delivery.pushToGroup(app.sdkAppId, view.group.groupId, 'groupRecalled', {
      groupId: data.groupId,
      seq: data.seq,
      by: actor.userId,
    });
    this.#d.hooks.afterRecall(app, view.group, recalled, contextOf(actor));
    return { groupId: data.groupId, seq: data.seq };
  }

  async #takeRead(actor: Actor): Promise<void> {
    const { app, userId } = actor;
    if (
      !(await this.#d.rateLimiter.take(
        `read:${app.sdkAppId}:${userId}`,
        app.config.plan.maxReadsPerUserPerSecond,
      ))
    ) {
      throw new ParleyError('READ_RATE_LIMITED');
    }
  }
}

function resultOf(groupId: string, message: StoredMessage): GroupSendResult {
  return { groupId, seq: message.seq, msgKey: message.msgKey, time: message.time };
}
