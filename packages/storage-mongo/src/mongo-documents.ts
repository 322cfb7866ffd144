import type { ConversationEntry, StoredMessage } from '@parley/domain';
import type { WireElement } from '@parley/protocol';

/** Collection names, one place. */
export const collections = {
  messages: 'messages',
  /** Per-conversation seq high-water marks: saved before retention deletes messages, and by group appends where
   * a TTL index deletes them (see README). */
  messageSeqs: 'message_seqs',
  conversations: 'conversations',
} as const;

/** A message as stored in `messages` (and embedded as `lastMessage` in `conversations`). */
export interface MessageDocument {
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
  recalledAt?: number;
  /** End of the app's history storage period for this message: the TTL index deletes it then (MongoDB). */
  expireAt?: Date;
}

/**
 * A seq taken without a message (`GroupMessageLog.allocateSeq`: AVChatRoom messages keep no history). It sits in
 * `messages` so the unique (sdkAppId, conversationId, seq) index keeps it apart from the messages' seqs; reads of
 * messages leave it out (`messagesOnly`). `time` is when it was taken, so retention sweeps it like a message.
 */
export interface SeqOnlyDocument {
  sdkAppId: number;
  conversationId: string;
  seq: number;
  time: number;
  seqOnly: true;
}

/** The filter that leaves seq-only documents out of message reads. */
export const messagesOnly = { seqOnly: { $exists: false } } as const;

export interface MessageSeqDocument {
  sdkAppId: number;
  conversationId: string;
  lastSeq: number;
}

export interface ConversationDocument {
  sdkAppId: number;
  owner: string;
  conversationId: string;
  peer: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  lastMessage: MessageDocument | null;
  updatedAt: number;
  /** Seqs below lastSeq not recorded in this entry yet (absent on entries written before it existed). */
  missingSeqs?: number[];
}

/** Copies the known fields only: no `_id`, and optional fields absent rather than undefined or null. */
export function toMessageDocument(message: StoredMessage): MessageDocument {
  const document: MessageDocument = {
    sdkAppId: message.sdkAppId,
    conversationId: message.conversationId,
    seq: message.seq,
    msgKey: message.msgKey,
    from: message.from,
    to: message.to,
    random: message.random,
    time: message.time,
    body: message.body,
  };
  if (message.cloudCustomData !== undefined) document.cloudCustomData = message.cloudCustomData;
  if (message.mentions !== undefined) document.mentions = message.mentions;
  if (message.recalledAt !== undefined) document.recalledAt = message.recalledAt;
  return document;
}

export function toStoredMessage(document: MessageDocument): StoredMessage {
  const message: StoredMessage = {
    sdkAppId: document.sdkAppId,
    conversationId: document.conversationId,
    seq: document.seq,
    msgKey: document.msgKey,
    from: document.from,
    to: document.to,
    random: document.random,
    time: document.time,
    body: document.body,
  };
  if (typeof document.cloudCustomData === 'string') message.cloudCustomData = document.cloudCustomData;
  if (Array.isArray(document.mentions)) message.mentions = document.mentions;
  if (typeof document.recalledAt === 'number') message.recalledAt = document.recalledAt;
  return message;
}

export function toConversationEntry(document: ConversationDocument): ConversationEntry {
  return {
    sdkAppId: document.sdkAppId,
    owner: document.owner,
    conversationId: document.conversationId,
    peer: document.peer,
    lastSeq: document.lastSeq,
    readSeq: document.readSeq,
    unread: document.unread,
    lastMessage: document.lastMessage ? toStoredMessage(document.lastMessage) : null,
    updatedAt: document.updatedAt,
  };
}
