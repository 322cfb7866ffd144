import { communityOfTopic, groupOfConversation, type OpResults } from '@parley/protocol';
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
 * Why a group sync was refused, when it means nothing of the conversation can be read any more, which is no
 * failure of the client's: `left` when the user is no longer a member (quit, removed) or the group is gone,
 * `deleted` when the conversation is a community topic that no longer exists.
 */
export function goneFrom(conversationId: string, error: unknown): 'left' | 'deleted' | undefined {
  const groupId = groupOfConversation(conversationId);
  if (groupId === undefined || !isParleyClientError(error)) return undefined;
  if (error.name === 'GROUP_NOT_FOUND') return communityOfTopic(groupId) === undefined ? 'left' : 'deleted';
  return error.name === 'GROUP_PERMISSION_DENIED' ? 'left' : undefined;
}
