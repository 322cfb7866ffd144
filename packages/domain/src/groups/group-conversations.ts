import { type ConversationSummary, groupConversationId } from '@parley/protocol';
import { toWireMessage } from '../messaging/wire-message.ts';
import type { GroupMessageLog } from '../ports/group-message-log.ts';
import type { GroupStore, Membership } from '../ports/group-store.ts';
import type { MessageStore } from '../ports/message-store.ts';
import { rulesOf } from './group-type-rules.ts';

const UNREAD_CAP = 9999;

export interface GroupConversationsDeps {
  groups: GroupStore;
  log: GroupMessageLog;
  messages: MessageStore;
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

  /** Summaries of the user's group conversations, as in the `conversations` op. */
  async summaries(
    sdkAppId: number,
    userId: string,
    max: number,
    notBefore: number,
  ): Promise<ConversationSummary[]> {
    const entries = await this.seqs(sdkAppId, userId, max);
    return Promise.all(
      entries.map(async ({ membership, lastSeq }) => {
        const conversationId = groupConversationId(membership.groupId);
        const { member, type } = membership;
        const [last, unread] = await Promise.all([
          lastSeq > 0 ? this.#d.messages.get(sdkAppId, conversationId, lastSeq) : undefined,
          rulesOf(type).unread && lastSeq > member.readSeq
            ? this.#d.log.countUnread(sdkAppId, conversationId, userId, member.readSeq, UNREAD_CAP)
            : 0,
        ]);
        return {
          conversationId,
          peer: membership.groupId,
          groupType: type,
          lastSeq,
          readSeq: member.readSeq,
          unread,
          lastMessage: last && last.time >= notBefore ? toWireMessage(last) : null,
          updatedAt: Math.max(last?.time ?? 0, member.joinedAt),
        };
      }),
    );
  }
}
