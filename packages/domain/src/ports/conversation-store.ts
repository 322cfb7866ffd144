import type { StoredMessage } from './message-store.ts';

/** One user's view of a conversation (the recent-contacts entry). */
export interface ConversationEntry {
  sdkAppId: number;
  owner: string;
  conversationId: string;
  peer: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  lastMessage: StoredMessage | null;
  updatedAt: number;
}

/**
 * Recent contacts and read state per user. Messages are recorded in entries by the MessageLog (message-log.ts).
 * Adapters: embedded (SQLite), MongoDB.
 */
export interface ConversationStore {
  /**
   * Sets readSeq (never backwards) and the unread count computed by the caller, and returns the entry as stored
   * after (undefined when there is none). With `asOfLastSeq`, `unread` is the count of the peer's messages in
   * (readSeq, asOfLastSeq], and the change applies only while the entry's lastSeq is still `asOfLastSeq`: a message
   * recorded since the count would otherwise be lost (or counted twice), so the entry is returned unchanged and the
   * caller counts again. Every seq up to lastSeq then counts as recorded (the count included them all), so a late
   * record of one of them changes unread no more.
   */
  markRead(
    sdkAppId: number,
    owner: string,
    conversationId: string,
    readSeq: number,
    unread: number,
    asOfLastSeq?: number,
  ): Promise<ConversationEntry | undefined>;
  get(sdkAppId: number, owner: string, conversationId: string): Promise<ConversationEntry | undefined>;
  /** Most recently updated first. */
  list(sdkAppId: number, owner: string, limit: number): Promise<ConversationEntry[]>;
  /**
   * Deletes the owner's entry (the user removes the conversation from their list); the peer's entry and the messages
   * stay. A message recorded later creates the entry anew. True when there was an entry.
   */
  delete(sdkAppId: number, owner: string, conversationId: string): Promise<boolean>;
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
