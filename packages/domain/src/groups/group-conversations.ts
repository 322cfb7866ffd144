import { type ConversationSummary, groupConversationId } from '@parley/protocol';
import { toWireMessage } from '../messaging/wire-message.ts';
import type { GroupMessageLog } from '../ports/group-message-log.ts';
import type { GroupStore, Membership } from '../ports/group-store.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { TopicStore } from '../ports/topic-store.ts';
import { rulesOf } from './group-type-rules.ts';

/** Unread counts of group and topic conversations stop at this number. */
export const GROUP_UNREAD_CAP = 9999;

export interface GroupConversationsDeps {
  groups: GroupStore;
  log: GroupMessageLog;
  messages: MessageStore;
  /** Community topics (each a conversation of its own); absent where the node wires none. */
  topics?: TopicStore;
}

/**
 * A user's group conversations: for the login reply (where each stands, and which groups' pushes to receive)
 * and the conversation list (with the last message and unread count of each). AVChatRoom memberships are
 * online only and never listed.
 */
export class GroupConversations {
  readonly #d: GroupConversationsDeps;

  constructor(deps: GroupConversationsDeps) {
    this.#d = deps;
  }

  /** The user's stored group memberships with each group's lastSeq. */
  async seqs(
    sdkAppId: number,
    userId: string,
    max: number,
  ): Promise<{ membership: Membership; lastSeq: number }[]> {
    const memberships = (await this.#d.groups.memberships(sdkAppId, userId, max)).filter(
      (membership) => rulesOf(membership.type).storesMembers,
    );
    const lastSeqs = await this.#d.log.lastSeqs(
      sdkAppId,
      memberships.map((membership) => groupConversationId(membership.groupId)),
    );
    return memberships.map((membership, index) => ({ membership, lastSeq: lastSeqs[index] ?? 0 }));
  }

  /** The topics of the user's communities among `entries` (from `seqs`), each with its lastSeq. */
  async topicSeqs(
    sdkAppId: number,
    entries: readonly { membership: Membership }[],
  ): Promise<{ topicId: string; lastSeq: number }[]> {
    const topics = this.#d.topics;
    if (!topics) return [];
    const communities = entries.filter(({ membership }) => membership.type === 'Community');
    const lists = await Promise.all(
      communities.map(({ membership }) => topics.list(sdkAppId, membership.groupId)),
    );
    const topicIds = lists.flat().map((topic) => topic.topicId);
    if (topicIds.length === 0) return [];
    const lastSeqs = await this.#d.log.lastSeqs(sdkAppId, topicIds.map(groupConversationId));
    return topicIds.map((topicId, index) => ({ topicId, lastSeq: lastSeqs[index] ?? 0 }));
  }

  /** Summaries of the user's group conversations, as in the `conversations` op. */
  async summaries(
    sdkAppId: number,
    userId: string,
    max: number,
    notBefore: number,
  ): Promise<ConversationSummary[]> {
    const entries = await this.seqs(sdkAppId, userId, max);
    const summaries = await Promise.all(
      entries.map(({ membership, lastSeq }) =>
        this.#summary(
          sdkAppId,
          userId,
          membership,
          membership.groupId,
          lastSeq,
          membership.member.readSeq,
          notBefore,
        ),
      ),
    );
    return [...summaries, ...(await this.#topicSummaries(sdkAppId, userId, entries, notBefore))];
  }

  /** One conversation per topic of the user's communities, with the user's own read position in it. */
  async #topicSummaries(
    sdkAppId: number,
    userId: string,
    entries: { membership: Membership }[],
    notBefore: number,
  ): Promise<ConversationSummary[]> {
    const topics = this.#d.topics;
    if (!topics) return [];
    const summaries: ConversationSummary[] = [];
    for (const { membership } of entries) {
      if (membership.type !== 'Community') continue;
      const ids = (await topics.list(sdkAppId, membership.groupId)).map((topic) => topic.topicId);
      if (ids.length === 0) continue;
      const [lastSeqs, readSeqs] = await Promise.all([
        this.#d.log.lastSeqs(sdkAppId, ids.map(groupConversationId)),
        topics.readSeqs(sdkAppId, userId, ids),
      ]);
      for (const [index, topicId] of ids.entries()) {
        summaries.push(
          await this.#summary(
            sdkAppId,
            userId,
            membership,
            topicId,
            lastSeqs[index] ?? 0,
            readSeqs[index] ?? 0,
            notBefore,
          ),
        );
      }
    }
    return summaries;
  }

  async #summary(
    sdkAppId: number,
    userId: string,
    membership: Membership,
    groupOrTopicId: string,
    lastSeq: number,
    readSeq: number,
    notBefore: number,
  ): Promise<ConversationSummary> {
    const conversationId = groupConversationId(groupOrTopicId);
    const { member, type } = membership;
    const [last, unread] = await Promise.all([
      lastSeq > 0 ? this.#d.messages.get(sdkAppId, conversationId, lastSeq) : undefined,
      rulesOf(type).unread && lastSeq > readSeq
        ? this.#d.log.countUnread(sdkAppId, conversationId, userId, readSeq, GROUP_UNREAD_CAP)
        : 0,
    ]);
    return {
      conversationId,
      peer: groupOrTopicId,
      groupType: type,
      lastSeq,
      readSeq,
      unread,
      lastMessage: last && last.time >= notBefore ? toWireMessage(last) : null,
      updatedAt: Math.max(last?.time ?? 0, member.joinedAt),
    };
  }
}
