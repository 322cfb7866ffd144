import type { MessageLog } from '@parley/domain';
import type { MongoConversationStore } from './mongo-conversation-store.ts';
import type { MongoMessageStore } from './mongo-message-store.ts';

export interface MongoMessageLogDeps {
  messages: MongoMessageStore;
  conversations: MongoConversationStore;
}

/**
 * The MongoDB MessageLog, without multi-document transactions (FerretDB has none; MongoDB's would need a replica
 * set). What is atomic: the message insert (its unique (app, conversation, seq) index makes the seq gap-free across
 * nodes) and each entry update (one conditional single-document update). The insert is the commit point: once it
 * succeeded the message exists and is answered as sent. What is repaired: a node that dies between the insert and
 * the entry updates leaves the entries behind; the sender's resend finds the stored message and calls `repair`,
 * and the conversation's next message moves lastSeq on in any case. Entry updates are idempotent, so a repair of a
 * message the entries already saw changes nothing.
 */
export function createMongoMessageLog({ messages, conversations }: MongoMessageLogDeps): MessageLog {
  return {
    async append(message, expiry) {
      const stored = await messages.append(message, expiry);
      await conversations.recordMessage(stored);
      return stored;
    },
    async recall(sdkAppId, conversationId, seq, at) {
      const tombstone = await messages.markRecalled(sdkAppId, conversationId, seq, at);
      if (tombstone) await conversations.recordRecall(tombstone);
      return tombstone;
    },
    repair: (message) => conversations.recordMessage(message),
  };
}
