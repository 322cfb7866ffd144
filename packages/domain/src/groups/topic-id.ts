import { randomBytes } from 'node:crypto';
import { communityOfTopic, ParleyError, TOPIC_ID_MARKER } from '@parley/protocol';

/** A new topic ID in Tencent's style: the community's ID, `@TOPIC#_`, `@TOPIC#` and 10 random characters. */
export function generateTopicId(groupId: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = `${groupId}${TOPIC_ID_MARKER}@TOPIC#`;
  for (const byte of randomBytes(10)) id += alphabet[byte % alphabet.length];
  return id;
}

/** A custom topic ID must be `<groupId>@TOPIC#_<part>` for the community it is created in. */
export function assertTopicOf(topicId: string, groupId: string): void {
  if (communityOfTopic(topicId) !== groupId) {
    throw new ParleyError('GROUP_ID_INVALID', {
      detail: `A topic ID of this community must start with "${groupId}${TOPIC_ID_MARKER}".`,
    });
  }
}
