import { groupConversationId, groupOfConversation, type PushPayloads } from '@parley/protocol';
import type { ParleyClientEvents } from './client-events.ts';
import type { IncomingPush } from './frame-decoder.ts';
import type { MessageSequencer } from './message-sequencer.ts';
import type { TypedEmitter } from './typed-emitter.ts';

/**
 * Sends each push where it belongs: messages and recalls (c2c, group and topic) through the sequencer (ordering,
 * dedup, gaps), the rest straight to the app (a deleted topic is forgotten by the sequencer first). Unknown pushes are ignored: newer gateways may add some.
 */
export function routePush(
  frame: IncomingPush,
  sequencer: MessageSequencer,
  events: TypedEmitter<ParleyClientEvents>,
  onKicked: (data: PushPayloads['kicked']) => void,
): void {
  switch (frame.push) {
    case 'message':
      if (!isSequenced(frame.data)) return;
      // seq 0: an online-only group message, stored nowhere and outside the conversation's sequence.
      if (frame.data.seq === 0) events.emit('message', frame.data);
      else sequencer.onPush(frame.data);
      return;
    case 'recalled':
      if (isSequenced(frame.data)) sequencer.onRecalledPush(frame.data);
      return;
    case 'groupRecalled': {
      const { groupId, seq, by } = frame.data;
      if (typeof groupId === 'string' && Number.isSafeInteger(seq)) {
        sequencer.onRecalledPush({ conversationId: groupConversationId(groupId), seq, by });
      }
      return;
    }
    case 'kicked':
      onKicked(frame.data);
      return;
    case 'read':
      events.emit('read', frame.data);
      return;
    case 'friendRequest':
      events.emit('friendRequest', frame.data);
      return;
    case 'friendAdded':
      events.emit('friendAdded', frame.data);
      return;
    case 'friendDeleted':
      events.emit('friendDeleted', frame.data);
      return;
    case 'groupApplication':
      events.emit('groupApplication', frame.data);
      return;
    case 'groupApplicationHandled':
      events.emit('groupApplicationHandled', frame.data);
      return;
    case 'groupRead':
      events.emit('groupRead', frame.data);
      return;
    case 'groupDestroyed':
      events.emit('groupDestroyed', frame.data);
      return;
    case 'groupTopic':
      // A deleted topic's conversation is no longer synced (a topic created again under its ID starts afresh).
      if (frame.data.change === 'deleted' && typeof frame.data.topicId === 'string') {
        sequencer.forget(groupConversationId(frame.data.topicId));
      }
      events.emit('groupTopic', frame.data);
      return;
    default:
      return;
  }
}

/**
 * A recall of a message the app has seen, from the sequencer: `recalled` for a c2c conversation, `groupRecalled`
 * (as the push names it) for a group.
 */
export function emitRecalled(events: TypedEmitter<ParleyClientEvents>, data: PushPayloads['recalled']): void {
  const groupId = groupOfConversation(data.conversationId);
  if (groupId === undefined) events.emit('recalled', data);
  else events.emit('groupRecalled', { groupId, seq: data.seq, by: data.by });
}

/** The fields the sequencer relies on; the rest of a pushed message is passed through untouched. */
function isSequenced(data: { conversationId: unknown; seq: unknown }): boolean {
  return typeof data.conversationId === 'string' && Number.isSafeInteger(data.seq);
}
