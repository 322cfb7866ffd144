import type { NewMessage, StoredMessage } from './message-store.ts';

/**
 * The write side of one-to-one messaging: a message and the conversation entries it changes are written by one
 * operation, so the domain never writes one without the other. Adapters: embedded (SQLite), MongoDB.
 *
 * Atomicity differs by backend and each adapter says how:
 * - embedded: the message row, its seq and both participants' entries commit in one SQLite transaction;
 * - MongoDB (no multi-document transactions assumed): the message insert is the commit point; the two entries are
 *   written right after it with idempotent conditional updates. A node that dies between the two leaves that message
 *   out of the entries (out of unread, and out of lastSeq until a later message comes) until `repair` runs for it
 *   (the messaging service calls it on every resend of a stored message).
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
  /**
   * Records a stored message in both participants' entries, with the same result whatever the order in which
   * messages arrive, the node that records them and how often each is recorded:
   * - lastSeq is the highest seq recorded, and lastMessage and updatedAt are that message's: an older message
   *   recorded after a newer one never moves them back;
   * - the recipient's unread grows by one for each seq recorded the first time, older ones included, unless the
   *   recipient's readSeq is already at or past it; the sender's entry never counts it.
   *
   * Recording a seq that an entry already recorded changes nothing. The domain does record messages twice: every
   * resend of a stored message calls MessageLog.repair, which cannot know whether the node that stored it lived to
   * record it, and a write retried after a broken connection may have landed the first time. Comparing with lastSeq
   * alone cannot tell a late message from a replay, so each entry also keeps the seqs below its lastSeq that it has
   * not recorded yet (the gaps left by messages recorded out of order, or by a node that died between storing and
   * recording): a seq below lastSeq counts only while it is one of them. The gaps are bounded (adapters remember at
   * most the 1000 below a new lastSeq; older ones count as recorded), and in a conversation's seqs, which are gap-free,
   * they close as soon as the late records arrive.
   */
  recordMessage(message: StoredMessage): Promise<void>;
  /** Replaces the lastMessage of both entries when it is the recalled message. */
  recordRecall(message: StoredMessage): Promise<void>;
}
