import type { WireElement } from '@parley/protocol';

/** A message as stored. `time` is ms since the epoch; `seq` is per conversation, from 1, with no gaps. */
export interface StoredMessage {
  sdkAppId: number;
  conversationId: string;
  seq: number;
  msgKey: string;
  from: string;
  to: string;
  random: number;
  time: number;
  body: WireElement[];
  cloudCustomData?: string;
  /** Group messages: the users mentioned with `@` ('@all' for everyone). */
  mentions?: string[];
  /** Recall time, ms; a recalled message keeps its place as a tombstone with an empty body. */
  recalledAt?: number;
}

export type NewMessage = Omit<StoredMessage, 'seq' | 'msgKey' | 'recalledAt'>;

/**
 * The stored messages of one-to-one conversations: reads, retention and purge. Writes go through the MessageLog
 * (see message-log.ts), which also records the conversation entries. Adapters: embedded (SQLite), MongoDB.
 */
export interface MessageStore {
  /**
   * An app's history storage period changed: messages stored before take the new period (where the backend keeps a
   * per-message expiry; elsewhere the sweeper already reads the current period).
   */
  applyRetention(sdkAppId: number, retentionMs: number): Promise<void>;
  /** The newest message this sender stored to this recipient with this random at or after `since` (ms): dedup. */
  findByRandom(
    sdkAppId: number,
    from: string,
    to: string,
    random: number,
    since: number,
  ): Promise<StoredMessage | undefined>;
  get(sdkAppId: number, conversationId: string, seq: number): Promise<StoredMessage | undefined>;
  /** Messages with seq > afterSeq and time >= notBefore, ascending, at most `limit`. */
  listAfter(
    sdkAppId: number,
    conversationId: string,
    afterSeq: number,
    limit: number,
    notBefore: number,
  ): Promise<StoredMessage[]>;
  /** Messages with seq < beforeSeq (all when undefined) and time >= notBefore, newest first, at most `limit`. */
  listBefore(
    sdkAppId: number,
    conversationId: string,
    beforeSeq: number | undefined,
    limit: number,
    notBefore: number,
  ): Promise<StoredMessage[]>;
  /** Number of messages from `from` with seq > afterSeq, and seq <= throughSeq when given (unread counting). */
  countFromAfter(
    sdkAppId: number,
    conversationId: string,
    from: string,
    afterSeq: number,
    throughSeq?: number,
  ): Promise<number>;
  /** Retention: deletes the app's messages stored before `cutoff` (ms). Returns how many. */
  deleteOlderThan(sdkAppId: number, cutoff: number): Promise<number>;
  /** Purge of a terminated app. Returns how many messages were deleted. */
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
