import type { SendResult } from '@parley/protocol';
import type { StoredMessage } from '../ports/message-store.ts';
import { msgKeyOf } from './wire-message.ts';

/** The reply to a send that looks successful but stored nothing (blocked silently, or dropped by the callback). */
export function unstoredResult(conversationId: string, random: number, now: number): SendResult {
  return { conversationId, seq: 0, msgKey: msgKeyOf(0, random, now), time: now };
}

/** The reply to a send of a stored message (the first time, and to every resend). */
export function resultOf(message: StoredMessage): SendResult {
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    msgKey: message.msgKey,
    time: message.time,
  };
}
