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
  /** Sets readSeq (never backwards) and the unread count computed by the caller. */
  markRead(
    sdkAppId: number,
    owner: string,
    conversationId: string,
    readSeq: number,
    unread: number,
  ): Promise<ConversationEntry | undefined>;
  get(sdkAppId: number, owner: string, conversationId: string): Promise<ConversationEntry | undefined>;
  /** Most recently updated first. */
  list(sdkAppId: number, owner: string, limit: number): Promise<ConversationEntry[]>;
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
