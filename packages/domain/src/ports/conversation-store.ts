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

/** Recent contacts and read state per user. Adapters: embedded (SQLite), MongoDB. */
export interface ConversationStore {
  /** Records a stored message in both participants' entries: lastSeq/lastMessage, and +1 unread for the recipient. */
  recordMessage(message: StoredMessage): Promise<void>;
  /** Replaces the lastMessage of both entries when it is the recalled message. */
  recordRecall(message: StoredMessage): Promise<void>;
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
