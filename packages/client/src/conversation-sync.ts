import { groupOfConversation, type OpResults } from '@parley/protocol';
import { isParleyClientError } from './client-error.ts';
import type { RequestFn } from './group-api.ts';

/** One catch-up page of a conversation: `sync` for a c2c conversation, `group.sync` for `group:<groupId>`. */
export function syncPage(
  request: RequestFn,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<OpResults['sync']> {
  const groupId = groupOfConversation(conversationId);
  return groupId === undefined
    ? request('sync', { conversationId, afterSeq, limit })
    : request('group.sync', { groupId, afterSeq, limit });
}

/**
 * A group sync refused because the user is no longer a member (quit, removed) or the group is gone: nothing of it
 * can be read any more, which is no failure of the client's.
 */
export function isLeftGroup(conversationId: string, error: unknown): boolean {
  if (groupOfConversation(conversationId) === undefined || !isParleyClientError(error)) return false;
  return error.name === 'GROUP_NOT_FOUND' || error.name === 'GROUP_PERMISSION_DENIED';
}
