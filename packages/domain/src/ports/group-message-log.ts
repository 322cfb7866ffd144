import type { NewMessage, StoredMessage } from './message-store.ts';

/**
 * The write side of group messages: one row per message, whatever the number of members (no per-member write on
 * the send path). Seqs are per group conversation (`group:<groupId>`), from 1, gap-free, and allocated atomically
 * even with writers on several nodes. Reads go through the MessageStore. Adapters: embedded (SQLite), MongoDB.
 */
export interface GroupMessageLog {
  /** Allocates the next seq of the conversation and stores the message with it. */
  append(message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage>;
  /** Allocates the next seq without storing anything (AVChatRoom messages, which keep no history). */
  allocateSeq(sdkAppId: number, conversationId: string): Promise<number>;
  /** The last allocated seq of each conversation (0 when none), in the order asked. */
  lastSeqs(sdkAppId: number, conversationIds: string[]): Promise<number[]>;
  /** Turns a stored message into a tombstone; undefined when no such message is stored. */
  recall(
    sdkAppId: number,
    conversationId: string,
    seq: number,
    at: number,
  ): Promise<StoredMessage | undefined>;
  /** Messages after `afterSeq` not sent by `userId` (unread counting), counted up to `cap`. */
  countUnread(
    sdkAppId: number,
    conversationId: string,
    userId: string,
    afterSeq: number,
    cap: number,
  ): Promise<number>;
  /** Deletes a group's messages and its seq (the group was disbanded). */
  deleteConversation(sdkAppId: number, conversationId: string): Promise<void>;
}
