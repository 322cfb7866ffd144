import type { OpInput } from '@parley/protocol';
import type { Reply, RequestFn } from './group-api.ts';

/**
 * The `group.topic.*` ops as methods (`client.groups.topics`): Community topics, each a conversation of its own
 * (`group:<topicId>`, with its own seq). A topic's messages go through `client.groups` (`send`, `sync`, `history`,
 * `recall`, `read` take the topic ID as the group ID) and arrive through the `message` event; topic changes arrive
 * as `groupTopic` events.
 */
export class ParleyTopics {
  readonly #request: RequestFn;

  constructor(request: RequestFn) {
    this.#request = request;
  }

  /** Creates a topic in a community created with `supportTopic` (owner, admins); members get `groupTopic`. */
  create(data: OpInput<'group.topic.create'>): Reply<'group.topic.create'> {
    return this.#request('group.topic.create', data);
  }

  /** Deletes topics with their messages (owner, admins); their conversations are no longer synced. */
  delete(groupId: string, topicIds: string[]): Reply<'group.topic.delete'> {
    return this.#request('group.topic.delete', { groupId, topicIds });
  }

  /** Changes a topic's profile or `muteAll` (owner, admins). */
  update(data: OpInput<'group.topic.update'>): Reply<'group.topic.update'> {
    return this.#request('group.topic.update', data);
  }

  /** The community's topics, each with the user's `lastSeq`, `readSeq` and `unread` in it. */
  list(groupId: string): Reply<'group.topic.list'> {
    return this.#request('group.topic.list', { groupId });
  }
}
