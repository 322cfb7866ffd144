import type { RuntimeApp } from '@parley/app-config';
import {
  type ConversationSummary,
  c2cConversationId,
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
import { listConversations } from './conversation-list.ts';
import { markConversationRead } from './conversation-read.ts';
import type { MessageHooks } from './message-hooks.ts';
import { assertMessageSize } from './message-size.ts';
import { READ_SLICE_ROWS, readBefore } from './page-budget.ts';
import type { PushDelivery } from './push-delivery.ts';
import { expiryOf, retentionHorizon } from './retention-horizon.ts';
import { resultOf } from './send-result.ts';

export interface AdminMessagingDeps {
  log: MessageLog;
  messages: MessageStore;
  conversations: ConversationStore;
  accounts: AccountStore;
  delivery: PushDelivery;
  hooks: MessageHooks;
  /** The user's group conversations, listed with the one-to-one ones. */
  groupConversations: GroupConversations;
  clock: Clock;
}

/**
 * An app admin's one-to-one operations besides sending (Tencent's REST `openim` commands): recall any message,
 * page any conversation, import messages, read and set unread counts, list and delete a user's conversations. The admin's send is `MessagingService.send`
 * with `AdminSendOptions`.
 */
export class AdminMessaging {
  readonly #d: AdminMessagingDeps;

  constructor(deps: AdminMessagingDeps) {
    this.#d = deps;
  }

  /**
   * Tencent's REST `admin_msgwithdraw`: an app admin recalls a one-to-one message named by its MsgKey, with no time
   * limit and whoever sent it (`from` must be its sender). Recalling a recalled message again succeeds.
   */
  async adminRecall(
    app: RuntimeApp,
    admin: string,
    message: { from: string; to: string; msgKey: string },
  ): Promise<OpResults['recall']> {
    const conversationId = c2cConversationId(message.from, message.to);
    const seq = Number(message.msgKey.split('_')[0]);
    const now = this.#d.clock.now();
    const stored =
      Number.isSafeInteger(seq) && seq > 0
        ? await this.#d.messages.get(app.sdkAppId, conversationId, seq)
        : undefined;
    if (
      !stored ||
      stored.msgKey !== message.msgKey ||
      stored.from !== message.from ||
      stored.time < retentionHorizon(app.config, now)
    ) {
      throw new ParleyError('MESSAGE_NOT_FOUND');
    }
    if (stored.recalledAt !== undefined) return { conversationId, seq };
    const recalled = await this.#d.log.recall(app.sdkAppId, conversationId, seq, now);
    if (!recalled) throw new ParleyError('MESSAGE_NOT_FOUND');
    this.#d.delivery.push(app.sdkAppId, [{ userId: message.from }, { userId: message.to }], 'recalled', {
      conversationId,
      seq,
      by: admin,
    });
    this.#d.hooks.afterRecall(app, recalled, { clientIp: '', platform: 'restapi' });
    return { conversationId, seq };
  }

  /**
   * Tencent's REST `admin_getroammsg`: a page of the one-to-one conversation of `a` and `b`, newest first, before
   * `beforeSeq`, with times (ms) within [minTime, maxTime] and the app's retention. No read quota: the admin reads.
   */
  async adminHistory(
    app: RuntimeApp,
    a: string,
    b: string,
    query: { beforeSeq?: number; limit: number; minTime: number; maxTime: number },
  ): Promise<{ messages: StoredMessage[]; complete: boolean }> {
    const conversationId = c2cConversationId(a, b);
    const notBefore = Math.max(retentionHorizon(app.config, this.#d.clock.now()), query.minTime);
    const messages: StoredMessage[] = [];
    let cursor = query.beforeSeq;
    for (;;) {
      const want = query.limit - messages.length;
      const page = await readBefore(
        this.#d.messages,
        { sdkAppId: app.sdkAppId, conversationId, limit: want, notBefore },
        cursor,
      );
      messages.push(...page.rows.filter((row) => row.time <= query.maxTime));
      if (page.complete) return { messages, complete: true };
      if (messages.length >= query.limit) return { messages, complete: false };
      cursor = page.rows.at(-1)?.seq;
    }
  }

  /**
   * Tencent's REST `importmsg`: stores a message from another system with its own time, with no push and no callback.
   * A second import of the same sender, recipient, random and time (seconds) stores nothing again.
   */
  async importMessage(
    app: RuntimeApp,
    message: {
      from: string;
      to: string;
      random: number;
      time: number;
      body: OpData<'send'>['body'];
      cloudCustomData?: string;
    },
  ): Promise<SendResult> {
    const { from, to } = message;
    if (from === to) throw new ParleyError('INVALID_REQUEST', { detail: 'A user cannot message themself.' });
    assertMessageSize(message.body, message.cloudCustomData);
    const sdkAppId = app.sdkAppId;
    const existing = await this.#d.accounts.existing(sdkAppId, [from, to]);
    if (!existing.has(from))
      throw new ParleyError('ACCOUNT_NOT_FOUND', { detail: 'The sender does not exist.' });
    if (!existing.has(to))
      throw new ParleyError('ACCOUNT_NOT_FOUND', { detail: 'The recipient does not exist.' });
    const second = Math.floor(message.time / 1000) * 1000;
    const stored = await this.#d.messages.findByRandom(sdkAppId, from, to, message.random, second);
    if (stored && stored.time < second + 1000) return resultOf(stored);
    const appended = await this.#d.log.append(
      { sdkAppId, conversationId: c2cConversationId(from, to), ...message },
      { expireAt: expiryOf(app.config, message.time) },
    );
    return resultOf(appended);
  }

  /**
   * Tencent's REST `get_c2c_unread_msg_num`: the user's unread count with each peer, or (no peers) the sum over the
   * user's recent one-to-one conversations.
   */
  async unreadCounts(
    app: RuntimeApp,
    userId: string,
    peers?: readonly string[],
  ): Promise<{ total: number; perPeer: { peer: string; unread: number }[] }> {
    const sdkAppId = app.sdkAppId;
    if (peers === undefined) {
      const entries = await this.#d.conversations.list(sdkAppId, userId, app.config.messaging.recentContacts);
      return { total: entries.reduce((sum, entry) => sum + entry.unread, 0), perPeer: [] };
    }
    const entries = await Promise.all(
      peers.map((peer) => this.#d.conversations.get(sdkAppId, userId, c2cConversationId(userId, peer))),
    );
    const perPeer = peers.map((peer, index) => ({ peer, unread: entries[index]?.unread ?? 0 }));
    return { total: perPeer.reduce((sum, item) => sum + item.unread, 0), perPeer };
  }

  /**
   * Tencent's REST `admin_set_msg_read`: `reader` has read the messages of its conversation with `peer`, all of them or
   * those sent at or before `untilMs`; the `read` push goes out as for the user's own `read`.
   */
  async adminMarkRead(
    app: RuntimeApp,
    reader: string,
    peer: string,
    untilMs?: number,
  ): Promise<OpResults['read']> {
    const conversationId = c2cConversationId(reader, peer);
    const actor: Actor = Object.freeze({
      app,
      userId: reader,
      instanceId: '',
      platform: 'restapi',
      clientIp: '',
    });
    const entry = await this.#d.conversations.get(app.sdkAppId, reader, conversationId);
    if (!entry) return { conversationId, readSeq: 0, unread: 0 };
    const seq =
      untilMs === undefined ? entry.lastSeq : await this.#lastSeqAtOrBefore(app, conversationId, untilMs);
    return markConversationRead(this.#d, actor, conversationId, peer, seq);
  }

  /** The seq of the newest message stored at or before `timeMs` (0 when none), reading back from the newest. */
  async #lastSeqAtOrBefore(app: RuntimeApp, conversationId: string, timeMs: number): Promise<number> {
    let cursor: number | undefined;
    for (;;) {
      const rows = await this.#d.messages.listBefore(
        app.sdkAppId,
        conversationId,
        cursor,
        READ_SLICE_ROWS,
        0,
      );
      const hit = rows.find((row) => row.time <= timeMs);
      if (hit) return hit.seq;
      if (rows.length < READ_SLICE_ROWS) return 0;
      cursor = rows.at(-1)?.seq;
    }
  }

  /**
   * Tencent's REST `recentcontact/get_list`: the user's conversation list as the gateway's `conversations` op gives
   * it (the newest `messaging.recentContacts`, one-to-one and group), with no read quota: the admin reads.
   */
  conversationList(app: RuntimeApp, userId: string): Promise<ConversationSummary[]> {
    const limit = app.config.messaging.recentContacts;
    return listConversations(this.#d, app, userId, limit, this.#d.clock.now());
  }

  /**
   * Tencent's REST `recentcontact/delete` of a one-to-one conversation: it leaves `owner`'s list (the peer's list and
   * the messages stay; the next message brings it back). True when it was listed.
   */
  deleteConversation(app: RuntimeApp, owner: string, peer: string): Promise<boolean> {
    return this.#d.conversations.delete(app.sdkAppId, owner, c2cConversationId(owner, peer));
  }
}
