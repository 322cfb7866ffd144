import type { PushPayloads } from '@parley/protocol';
import type { ParleyClientEvents } from './client-events.ts';
import type { IncomingPush } from './frame-decoder.ts';
import type { MessageSequencer } from './message-sequencer.ts';
import type { TypedEmitter } from './typed-emitter.ts';

/**
 * Sends each push where it belongs: messages and recalls through the sequencer (ordering, dedup, gaps), the rest
 * straight to the app. Unknown pushes are ignored: newer gateways may add some.
 */
export function routePush(
  frame: IncomingPush,
  sequencer: MessageSequencer,
  events: TypedEmitter<ParleyClientEvents>,
  onKicked: (data: PushPayloads['kicked']) => void,
): void {
  switch (frame.push) {
    case 'message':
      if (isSequenced(frame.data)) sequencer.onPush(frame.data);
      return;
    case 'recalled':
      if (isSequenced(frame.data)) sequencer.onRecalledPush(frame.data);
      return;
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
    default:
      return;
  }
}

/** The fields the sequencer relies on; the rest of a pushed message is passed through untouched. */
function isSequenced(data: { conversationId: unknown; seq: unknown }): boolean {
  return typeof data.conversationId === 'string' && Number.isSafeInteger(data.seq);
}
