import { randomBytes } from 'node:crypto';
import {
  COMMUNITY_GROUP_ID_PREFIX,
  GENERATED_GROUP_ID_PREFIX,
  type GroupType,
  ParleyError,
  TOPIC_ID_MARKER,
} from '@parley/protocol';

/** A new group ID in Tencent's style: `@TGS#` + 10 random characters (`@TGS#_` for Communities). */
export function generateGroupId(type: GroupType): string {
  const prefix = type === 'Community' ? COMMUNITY_GROUP_ID_PREFIX : GENERATED_GROUP_ID_PREFIX;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(10);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/**
 * Tencent's rule for a custom group ID: not `@TGS#…`, except that a Community's must start with `@TGS#_`; never
 * with `@TOPIC#_` in it, which marks a Community topic's ID.
 */
export function assertCustomGroupId(groupId: string, type: GroupType): void {
  if (groupId.includes(TOPIC_ID_MARKER)) {
    throw new ParleyError('GROUP_ID_INVALID', {
      detail: 'A group ID must not contain "@TOPIC#_" (topic IDs do).',
    });
  }
  if (type === 'Community') {
    if (!groupId.startsWith(COMMUNITY_GROUP_ID_PREFIX)) {
      throw new ParleyError('GROUP_ID_INVALID', { detail: 'A Community group ID must start with "@TGS#_".' });
    }
    return;
  }
  if (groupId.startsWith(GENERATED_GROUP_ID_PREFIX)) {
    throw new ParleyError('GROUP_ID_INVALID', { detail: 'A custom group ID must not start with "@TGS#".' });
  }
}
