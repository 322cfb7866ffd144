import type { OpResults } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { ConversationStore } from '../ports/conversation-store.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { PushDelivery } from './push-delivery.ts';

export interface ConversationReadDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  delivery: PushDelivery;
}

/** Rounds of counting a read's unread before the last one is stored whatever was recorded meanwhile. */
const READ_COUNT_ROUNDS = 5;

/**
 * The actor has read its one-to-one conversation with `peer` up to `seq` (never backwards, never past its lastSeq):
 * stores the read position with the unread count left, and tells the peer and the reader's other sessions when the
 * position moved. The user's `read` op and Tencent's REST `admin_set_msg_read` both mark this way.
 */
export async function markConversationRead(
  deps: ConversationReadDeps,
  actor: Actor,
  conversationId: string,
  peer: string,
  seq: number,
): Promise<OpResults['read']> {
  const sdkAppId = actor.app.sdkAppId;
  // The unread count is made as of the entry's lastSeq and stored only while that is still the lastSeq, so a
  // message recorded meanwhile (by any node) is neither lost nor counted twice: count again then. A conversation
  // so busy that every round loses stores its last count unconditionally.
  for (let round = 1; ; round += 1) {
    const entry = await deps.conversations.get(sdkAppId, actor.userId, conversationId);
    if (!entry) return { conversationId, readSeq: 0, unread: 0 };
    const readSeq = Math.min(Math.max(seq, entry.readSeq), entry.lastSeq);
    const asOf = round < READ_COUNT_ROUNDS ? entry.lastSeq : undefined;
    const unread = await deps.messages.countFromAfter(sdkAppId, conversationId, peer, readSeq, asOf);
    const updated = await deps.conversations.markRead(
      sdkAppId,
      actor.userId,
      conversationId,
      readSeq,
      unread,
      asOf,
    );
    const stale = asOf !== undefined && updated !== undefined && updated.lastSeq !== asOf;
    if (stale && updated.readSeq <= readSeq) continue; // a record landed since the count: not applied
    if (readSeq > entry.readSeq) {
      deps.delivery.push(
        sdkAppId,
        [{ userId: peer }, { userId: actor.userId, exceptInstanceId: actor.instanceId }],
        'read',
        { conversationId, by: actor.userId, readSeq },
      );
    }
    return { conversationId, readSeq, unread: updated?.unread ?? unread };
  }
}
