import type { NewMessage, StoredMessage } from './message-store.ts';

/**
 * The write side of one-to-one messaging: a message and the conversation entries it changes are written by one
 * operation, so the domain never writes one without the other. Adapters: embedded (SQLite), MongoDB.
 *
 * Atomicity differs by backend and each adapter says how:
 * - embedded: the message row, its seq and both participants' entries commit in one SQLite transaction;
 * - MongoDB (no multi-document transactions assumed): the message insert is the commit point; the two entries are
 *   written right after it with idempotent conditional updates. A node that dies between the two leaves the entries
 *   one message behind until `repair` runs for that message (the messaging service calls it on every resend of a
 *   stored message) or the conversation's next message moves them on.
 */
export interface MessageLog {
  /**
   * Allocates the next seq of the conversation (atomically and gap-free, even with writers on several nodes), stores
   * the message and records it in both participants' entries (lastSeq, lastMessage; +1 unread for the recipient).
   * `expireAt` (ms) is the end of the message's history period, for servers with TTL indexes.
   */
  append(message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage>;
  /**
   * Turns a stored message into a tombstone (body emptied) and replaces the entries' lastMessage when it was that
   * message. Returns the tombstone, or undefined when no such message is stored.
   */
  recall(
    sdkAppId: number,
    conversationId: string,
    seq: number,
    at: number,
  ): Promise<StoredMessage | undefined>;
  /** Records an already-stored message in its entries again: a no-op where they saw it (idempotent). */
  repair(message: StoredMessage): Promise<void>;
}

/** The message-row writes a MessageLog adapter is built from (adapters and their contract suites, not the domain). */
export interface MessageRowWrites {
  append(message: NewMessage, expiry?: { expireAt: number }): Promise<StoredMessage>;
  markRecalled(
    sdkAppId: number,
    conversationId: string,
    seq: number,
    at: number,
  ): Promise<StoredMessage | undefined>;
}

/** The entry writes a MessageLog adapter is built from (adapters and their contract suites, not the domain). */
export interface ConversationEntryWrites {
  /** Records a stored message in both participants' entries: lastSeq/lastMessage, +1 unread for the recipient. */
  recordMessage(message: StoredMessage): Promise<void>;
  /** Replaces the lastMessage of both entries when it is the recalled message. */
  recordRecall(message: StoredMessage): Promise<void>;
}
