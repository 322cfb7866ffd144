import {
  c2cConversationId,
  c2cParticipants,
  type OpData,
  type OpResults,
  ParleyError,
  type SendResult,
} from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { GroupConversations } from '../groups/group-conversations.ts';
import type { AccountStore } from '../ports/account-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationStore } from '../ports/conversation-store.ts';
import type { MessageLog } from '../ports/message-log.ts';
import type { MessageStore, StoredMessage } from '../ports/message-store.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { RelationStore } from '../ports/relation-store.ts';
import type { AdminSendOptions } from './admin-send-options.ts';
import { c2cContent } from './c2c-content.ts';
import { listConversations } from './conversation-list.ts';
import { markConversationRead } from './conversation-read.ts';
import type { BeforeSendVerdict, MessageHooks } from './message-hooks.ts';
import { assertMessageSize } from './message-size.ts';
import { readAfter, readBefore } from './page-budget.ts';
import type { PushDelivery, PushTarget } from './push-delivery.ts';
import { expiryOf, retentionHorizon } from './retention-horizon.ts';
import { DEDUP_WINDOW_MS, type SendClaims } from './send-claims.ts';
import { resultOf, unstoredResult } from './send-result.ts';
import { toWireMessage } from './wire-message.ts';

export interface MessagingServiceDeps {
  log: MessageLog;
  messages: MessageStore;
  conversations: ConversationStore;
  accounts: AccountStore;
  relations: RelationStore;
  claims: SendClaims;
  rateLimiter: RateLimiter;
  delivery: PushDelivery;
  hooks: MessageHooks;
  /** The user's group conversations, listed with the one-to-one ones. */
  groupConversations: GroupConversations;
  clock: Clock;
}

/** One-to-one messaging rules: who may send to whom, seq, dedup, recall, read state, retention. */
export class MessagingService {
  readonly #d: MessagingServiceDeps;

  constructor(deps: MessagingServiceDeps) {
    this.#d = deps;
  }

  async send(actor: Actor, data: OpData<'send'>, admin?: AdminSendOptions): Promise<SendResult> {
    const { app, userId: from } = actor;
    const sdkAppId = app.sdkAppId;
    if (data.to === from)
      throw new ParleyError('INVALID_REQUEST', { detail: 'A user cannot message themself.' });
    assertMessageSize(data.body, data.cloudCustomData);
    if (!(await this.#d.rateLimiter.take(`msg:${sdkAppId}`, app.config.plan.maxMessagesPerSecond))) {
      throw new ParleyError('RATE_LIMITED');
    }

    const dedupKey = `${sdkAppId}:${from}:${data.to}:${data.random}`;
    const claim = await this.#d.claims.claim(dedupKey);
    if (claim.state === 'done') return JSON.parse(claim.value) as SendResult;
    if (claim.state === 'pending') return this.#whilePending(sdkAppId, from, data);
    try {
      const now = this.#d.clock.now();
      // The window may have been lost (restart): the store is the source of truth for what was stored.
      const stored = await this.#d.messages.findByRandom(
        sdkAppId,
        from,
        data.to,
        data.random,
        now - DEDUP_WINDOW_MS,
      );
      const result = stored
        ? await this.#replay(stored)
        : await this.#storeAndDeliver(actor, data, now, admin);
      await this.#d.claims.complete(dedupKey, JSON.stringify(result));
      return result;
    } catch (error) {
      await this.#d.claims.release(dedupKey).catch(() => {});
      throw error;
    }
  }

  /**
   * Another send of this random holds the claim. When the message is already stored (its sender's node may have
   * died after storing it, before completing the claim), the original reply is given at once; otherwise the first
   * send is still running and the client retries.
   */
  async #whilePending(sdkAppId: number, from: string, data: OpData<'send'>): Promise<SendResult> {
    const since = this.#d.clock.now() - DEDUP_WINDOW_MS;
    const stored = await this.#d.messages.findByRandom(sdkAppId, from, data.to, data.random, since);
    if (!stored) throw new ParleyError('DUPLICATE_IN_FLIGHT');
    return this.#replay(stored);
  }

  async #storeAndDeliver(
    actor: Actor,
    data: OpData<'send'>,
    now: number,
    admin: AdminSendOptions | undefined,
  ): Promise<SendResult> {
    const { app, userId: from } = actor;
    const sdkAppId = app.sdkAppId;
    const conversationId = c2cConversationId(from, data.to);
    const messaging = app.config.messaging;
    // Tencent's REST send skips the friendship, blacklist and mute checks.
    const checked = admin === undefined;
    const [sender, recipient, blocked, friends] = await Promise.all([
      this.#d.accounts.get(sdkAppId, from),
      this.#d.accounts.get(sdkAppId, data.to),
      checked && messaging.blacklistCheck ? this.#d.relations.isBlocked(sdkAppId, data.to, from) : false,
      checked && messaging.friendshipCheck ? this.#d.relations.areFriends(sdkAppId, from, data.to) : true,
    ]);
    if (!recipient) throw new ParleyError('ACCOUNT_NOT_FOUND', { detail: 'The recipient does not exist.' });
    if (!sender && from !== admin?.admin)
      throw new ParleyError('ACCOUNT_NOT_FOUND', { detail: 'The sender does not exist.' });
    if (checked && sender && sender.mutedUntil !== null && sender.mutedUntil > now)
      throw new ParleyError('SENDER_MUTED');
    if (blocked) {
      if (messaging.blockedSenderSees === 'error') throw new ParleyError('BLACKLISTED');
      // Silent success: the sender cannot tell it was blocked; nothing is stored or delivered.
      return unstoredResult(conversationId, data.random, now);
    }
    if (!friends) throw new ParleyError('NOT_FRIENDS');

    let body = data.body;
    let cloudCustomData = data.cloudCustomData;
    const verdict: BeforeSendVerdict = admin?.skipBeforeSendCallback
      ? { action: 'allow' }
      : await this.#d.hooks.beforeSend(app, {
          ...c2cContent(from, data, now, body, cloudCustomData),
          clientIp: actor.clientIp,
          platform: actor.platform,
        });
    if (verdict.action === 'drop') return unstoredResult(conversationId, data.random, now);
    if (verdict.action === 'reject') {
      throw new ParleyError(verdict.error, {
        ...(verdict.detail === undefined ? {} : { detail: verdict.detail }),
        ...(verdict.code === undefined ? {} : { appCode: verdict.code }),
      });
    }
    if (verdict.body) body = verdict.body;
    if (verdict.cloudCustomData !== undefined) cloudCustomData = verdict.cloudCustomData;
    if (verdict.body || verdict.cloudCustomData !== undefined) assertMessageSize(body, cloudCustomData);

    const content = c2cContent(from, data, now, body, cloudCustomData);
    const targets: PushTarget[] = [{ userId: data.to }];
    if (!admin?.noSyncToSender) targets.push({ userId: from, exceptInstanceId: actor.instanceId });
    if (admin?.onlineOnly) {
      const unstored = unstoredResult(conversationId, data.random, now);
      this.#d.delivery.push(sdkAppId, targets, 'message', {
        conversationId,
        seq: 0,
        msgKey: unstored.msgKey,
        ...content,
      });
      return unstored;
    }
    const message = await this.#d.log.append(
      { sdkAppId, conversationId, ...content },
      { expireAt: expiryOf(app.config, now) },
    );
    this.#d.delivery.push(sdkAppId, targets, 'message', toWireMessage(message));
    if (!admin?.skipAfterSendCallback) {
      this.#d.hooks.afterSend(app, message, { clientIp: actor.clientIp, platform: actor.platform });
    }
    return resultOf(message);
  }

  /** A resend of a stored message: make sure the conversation entries saw it, then answer as before. */
  async #replay(message: StoredMessage): Promise<SendResult> {
    await this.#d.log.repair(message);
    return resultOf(message);
  }

  /** Reads (sync, history, conversations) count against the user's quota, all their sessions together. */
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

  async sync(actor: Actor, data: OpData<'sync'>): Promise<OpResults['sync']> {
    this.#assertParticipant(actor, data.conversationId);
    await this.#takeRead(actor);
    const sdkAppId = actor.app.sdkAppId;
    const notBefore = retentionHorizon(actor.app.config, this.#d.clock.now());
    const { conversationId, limit } = data;
    const { rows: page, complete } = await readAfter(
      this.#d.messages,
      { sdkAppId, conversationId, limit, notBefore },
      data.afterSeq,
    );
    const entry = await this.#d.conversations.get(sdkAppId, actor.userId, data.conversationId);
    const lastSeq = Math.max(entry?.lastSeq ?? 0, page.at(-1)?.seq ?? 0);
    return { messages: page.map(toWireMessage), lastSeq, complete };
  }

  async history(actor: Actor, data: OpData<'history'>): Promise<OpResults['history']> {
    this.#assertParticipant(actor, data.conversationId);
    await this.#takeRead(actor);
    const notBefore = retentionHorizon(actor.app.config, this.#d.clock.now());
    const { conversationId, limit } = data;
    const { rows, complete } = await readBefore(
      this.#d.messages,
      { sdkAppId: actor.app.sdkAppId, conversationId, limit, notBefore },
      data.beforeSeq,
    );
    return { messages: rows.map(toWireMessage), complete };
  }

  async recall(actor: Actor, data: OpData<'recall'>): Promise<OpResults['recall']> {
    const [a, b] = this.#assertParticipant(actor, data.conversationId);
    const { app } = actor;
    const message = await this.#d.messages.get(app.sdkAppId, data.conversationId, data.seq);
    const now = this.#d.clock.now();
    if (!message || message.time < retentionHorizon(app.config, now))
      throw new ParleyError('MESSAGE_NOT_FOUND');
    if (message.recalledAt !== undefined) return { conversationId: data.conversationId, seq: data.seq };
    if (message.from !== actor.userId) throw new ParleyError('RECALL_NOT_SENDER');
    const limitMs = app.config.messaging.recallLimitSeconds * 1000;
    if (limitMs === 0) throw new ParleyError('RECALL_DISABLED');
    if (now - message.time > limitMs) {
      throw new ParleyError('RECALL_TIME_LIMIT_EXCEEDED', {
        detail: `The recall time limit is ${app.config.messaging.recallLimitSeconds} s.`,
      });
    }
    const recalled = await this.#d.log.recall(app.sdkAppId, data.conversationId, data.seq, now);
    if (!recalled) throw new ParleyError('MESSAGE_NOT_FOUND');
    this.#d.delivery.push(app.sdkAppId, [{ userId: a }, { userId: b }], 'recalled', {
      conversationId: data.conversationId,
      seq: data.seq,
      by: actor.userId,
    });
    this.#d.hooks.afterRecall(app, recalled, { clientIp: actor.clientIp, platform: actor.platform });
    return { conversationId: data.conversationId, seq: data.seq };
  }

  async conversations(actor: Actor, data: OpData<'conversations'>): Promise<OpResults['conversations']> {
    await this.#takeRead(actor);
    const max = actor.app.config.messaging.recentContacts;
    const limit = Math.min(data.limit ?? max, max);
    return {
      conversations: await listConversations(this.#d, actor.app, actor.userId, limit, this.#d.clock.now()),
    };
  }

  /** The conversations a login reply lists, so a client knows where to sync from. */
  async conversationSeqs(actor: Actor): Promise<{ conversationId: string; lastSeq: number }[]> {
    const entries = await this.#d.conversations.list(
      actor.app.sdkAppId,
      actor.userId,
      actor.app.config.messaging.recentContacts,
    );
    return entries.map((entry) => ({ conversationId: entry.conversationId, lastSeq: entry.lastSeq }));
  }

  async read(actor: Actor, data: OpData<'read'>): Promise<OpResults['read']> {
    const [a, b] = this.#assertParticipant(actor, data.conversationId);
    return markConversationRead(this.#d, actor, data.conversationId, a === actor.userId ? b : a, data.seq);
  }

  #assertParticipant(actor: Actor, conversationId: string): [string, string] {
    const participants = c2cParticipants(conversationId);
    if (!participants?.includes(actor.userId)) throw new ParleyError('NOT_A_PARTICIPANT');
    return participants;
  }
}
