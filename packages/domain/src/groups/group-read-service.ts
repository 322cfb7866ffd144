import { groupConversationId, type OpData, type OpResults, ParleyError } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import { GroupAccess, type GroupView } from './group-access.ts';
import { GROUP_UNREAD_CAP } from './group-conversations.ts';
import type { GroupServiceDeps } from './group-deps.ts';

/** Read receipts are kept for groups of at most this many members (Tencent's rule). */
export const MAX_RECEIPT_GROUP_MEMBERS = 200;

/** A member's read position in a group or topic, and read receipts (who read a message, counts). */
export class GroupReadService {
  readonly #d: GroupServiceDeps;
  readonly #access: GroupAccess;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
    this.#access = new GroupAccess(deps.groups, deps.delivery, deps.topics);
  }

  async read(actor: Actor, data: OpData<'group.read'>): Promise<OpResults['group.read']> {
    const { app } = actor;
    const view = await this.#access.asMemberOf(actor, data.groupId);
    if (!view.member) return { groupId: data.groupId, readSeq: 0, unread: 0 };
    const conversationId = groupConversationId(data.groupId);
    const [lastSeq = 0] = await this.#d.log.lastSeqs(app.sdkAppId, [conversationId]);
    const target = Math.min(data.seq, lastSeq);
    const { before, readSeq } = await this.#markRead(view, actor, data.groupId, target);
    const unread = view.rules.unread
      ? await this.#d.log.countUnread(app.sdkAppId, conversationId, actor.userId, readSeq, GROUP_UNREAD_CAP)
      : 0;
    if (readSeq > before) {
      this.#d.delivery.push(
        app.sdkAppId,
        [{ userId: actor.userId, exceptInstanceId: actor.instanceId }],
        'groupRead',
        {
          groupId: data.groupId,
          by: actor.userId,
          readSeq,
        },
      );
    }
    return { groupId: data.groupId, readSeq, unread };
  }

  /** Moves the member's read position in the group (or topic) up to `target`: where it was and where it is. */
  async #markRead(
    view: GroupView,
    actor: Actor,
    groupOrTopicId: string,
    target: number,
  ): Promise<{ before: number; readSeq: number }> {
    const { app, userId } = actor;
    if (view.topic && this.#d.topics) {
      const [before = 0] = await this.#d.topics.readSeqs(app.sdkAppId, userId, [groupOrTopicId]);
      const readSeq =
        target > before
          ? await this.#d.topics.markRead(app.sdkAppId, groupOrTopicId, userId, target)
          : before;
      return { before, readSeq };
    }
    const before = view.member?.readSeq ?? 0;
    const updated =
      target > before
        ? await this.#d.groups.markRead(app.sdkAppId, groupOrTopicId, userId, target)
        : view.member;
    return { before, readSeq: updated?.readSeq ?? before };
  }

  /** Read counts of messages (groups that keep receipts, of at most 200 members). The sender is not counted. */
  async receipts(actor: Actor, data: OpData<'group.receipts'>): Promise<OpResults['group.receipts']> {
    const { app } = actor;
    const view = await this.#assertReceipts(actor, data.groupId);
    const memberCount = await this.#d.groups.memberCount(app.sdkAppId, view.group.groupId);
    const receipts: OpResults['group.receipts']['receipts'] = [];
    for (const seq of data.seqs) {
      const message = await this.#d.messages.get(app.sdkAppId, groupConversationId(data.groupId), seq);
      if (!message)
        throw new ParleyError('GROUP_MESSAGE_NOT_FOUND', { detail: `No message has seq ${seq}.` });
      const [sender] = await this.#d.groups.getMembers(app.sdkAppId, data.groupId, [message.from]);
      const senderCounted = sender !== undefined && sender.readSeq >= seq ? 1 : 0;
      const readCount = (await this.#d.groups.countReaders(app.sdkAppId, data.groupId, seq)) - senderCounted;
      const others = memberCount - (sender ? 1 : 0);
      receipts.push({ seq, readCount, unreadCount: Math.max(0, others - readCount) });
    }
    return { receipts };
  }

  /** Who has (or has not) read a message, the sender left out. */
  async readers(actor: Actor, data: OpData<'group.readers'>): Promise<OpResults['group.readers']> {
    const { app } = actor;
    await this.#assertReceipts(actor, data.groupId);
    const message = await this.#d.messages.get(app.sdkAppId, groupConversationId(data.groupId), data.seq);
    if (!message) throw new ParleyError('GROUP_MESSAGE_NOT_FOUND');
    const userIds = await this.#d.groups.readers(
      app.sdkAppId,
      data.groupId,
      data.seq,
      data.read,
      data.limit + 1,
    );
    return { userIds: userIds.filter((userId) => userId !== message.from).slice(0, data.limit) };
  }

  async #assertReceipts(actor: Actor, groupId: string): Promise<GroupView> {
    const view = await this.#access.asMember(actor, groupId);
    if (!view.rules.receipts) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: `${view.group.type} groups keep no read receipts.`,
      });
    }
    const count = await this.#d.groups.memberCount(actor.app.sdkAppId, groupId);
    if (count > MAX_RECEIPT_GROUP_MEMBERS) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: `Read receipts are kept for groups of at most ${MAX_RECEIPT_GROUP_MEMBERS} members.`,
      });
    }
    return view;
  }
}
