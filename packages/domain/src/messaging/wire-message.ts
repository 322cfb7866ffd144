import type { ConversationSummary, WireMessage } from '@parley/protocol';
import type { ConversationEntry } from '../ports/conversation-store.ts';
import type { StoredMessage } from '../ports/message-store.ts';

export function toWireMessage(message: StoredMessage): WireMessage {
  const wire: WireMessage = {
    conversationId: message.conversationId,
    seq: message.seq,
    msgKey: message.msgKey,
    from: message.from,
    to: message.to,
    random: message.random,
    time: message.time,
    body: message.recalledAt === undefined ? message.body : [],
  };
  if (message.cloudCustomData !== undefined && message.recalledAt === undefined) {
    wire.cloudCustomData = message.cloudCustomData;
  }
  if (message.recalledAt !== undefined) wire.recalled = true;
  if (message.mentions !== undefined) wire.mentions = message.mentions;
  return wire;
}

/** Tencent's MsgKey format: `{seq}_{random}_{time in seconds}`. */
export function msgKeyOf(seq: number, random: number, timeMs: number): string {
  return `${seq}_${random}_${Math.floor(timeMs / 1000)}`;
}

export function toConversationSummary(entry: ConversationEntry, notBefore: number): ConversationSummary {
  const last = entry.lastMessage;
  return {
    conversationId: entry.conversationId,
    peer: entry.peer,
    lastSeq: entry.lastSeq,
    readSeq: entry.readSeq,
    unread: entry.unread,
    lastMessage: last && last.time >= notBefore ? toWireMessage(last) : null,
    updatedAt: entry.updatedAt,
  };
}
