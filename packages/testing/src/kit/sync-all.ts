import type { WireMessage } from '@parley/protocol';
import type { TestSocket } from './test-socket.ts';

const GROUP_PREFIX = 'group:';

/**
 * Every message after `afterSeq`, paging until the gateway says the sync is complete. A `group:<groupId>`
 * conversation is read with `group.sync`.
 */
export async function syncAll(
  socket: TestSocket,
  conversationId: string,
  afterSeq = 0,
): Promise<WireMessage[]> {
  const messages: WireMessage[] = [];
  let cursor = afterSeq;
  for (let page = 0; page < 100; page += 1) {
    const result = conversationId.startsWith(GROUP_PREFIX)
      ? await socket.ok('group.sync', {
          groupId: conversationId.slice(GROUP_PREFIX.length),
          afterSeq: cursor,
          limit: 100,
        })
      : await socket.ok('sync', { conversationId, afterSeq: cursor, limit: 100 });
    messages.push(...result.messages);
    const last = result.messages.at(-1);
    if (result.complete || !last) return messages;
    cursor = last.seq;
  }
  throw new Error(`sync of ${conversationId} did not complete in 100 pages`);
}
