import { groupConversationId, groupOfConversation } from '@parley/protocol';
import { isParleyClientError } from './client-error.ts';
import type { RequestFn } from './group-api.ts';

/** The topics of the user's communities, each with its conversation's `lastSeq`. */
export interface TopicListing {
  /** The communities whose topics were listed (those that refused, being left meanwhile, are not). */
  communities: string[];
  topics: { conversationId: string; lastSeq: number }[];
}

/**
 * Lists the topics of the user's communities for the catch-up after a login, which lists groups but not
 * topics: `group.joined` tells the communities, then one `group.topic.list` each, `concurrency` at a time.
 * Nothing is asked when the login listed no group conversation.
 */
export async function listTopics(
  request: RequestFn,
  listed: readonly { conversationId: string }[],
  concurrency: number,
): Promise<TopicListing> {
  const listing: TopicListing = { communities: [], topics: [] };
  if (!listed.some(({ conversationId }) => groupOfConversation(conversationId) !== undefined)) return listing;
  const { groups } = await request('group.joined', {});
  const queue = groups.filter((group) => group.type === 'Community').map((group) => group.groupId);
  const worker = async (): Promise<void> => {
    for (let groupId = queue.shift(); groupId !== undefined; groupId = queue.shift()) {
      let topics: { topicId: string; lastSeq: number }[];
      try {
        ({ topics } = await request('group.topic.list', { groupId }));
      } catch (error) {
        if (!isParleyClientError(error)) throw error;
        // Created without supportTopic (or a gateway without topics): no topics. Left or disbanded since: like a
        // group the login did not list.
        if (error.name === 'GROUP_TOPIC_UNSUPPORTED' || error.name === 'UNKNOWN_OP') topics = [];
        else if (error.name === 'GROUP_NOT_FOUND' || error.name === 'GROUP_PERMISSION_DENIED') continue;
        else throw error;
      }
      listing.communities.push(groupId);
      for (const { topicId, lastSeq } of topics) {
        listing.topics.push({ conversationId: groupConversationId(topicId), lastSeq });
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(concurrency, queue.length); i++) workers.push(worker());
  await Promise.all(workers);
  return listing;
}
