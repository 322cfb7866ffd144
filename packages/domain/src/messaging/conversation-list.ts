import type { RuntimeApp } from '@parley/app-config';
import type { ConversationSummary } from '@parley/protocol';
import type { GroupConversations } from '../groups/group-conversations.ts';
import type { ConversationStore } from '../ports/conversation-store.ts';
import { retentionHorizon } from './retention-horizon.ts';
import { toConversationSummary } from './wire-message.ts';

export interface ConversationListDeps {
  conversations: ConversationStore;
  groupConversations: GroupConversations;
}

/**
 * A user's recent conversations, one-to-one and group together, most recently updated first: the newest `limit`,
 * with last messages past the app's history retention left out. The gateway's `conversations` op and Tencent's
 * REST `recentcontact/get_list` both list this.
 */
export async function listConversations(
  deps: ConversationListDeps,
  app: RuntimeApp,
  userId: string,
  limit: number,
  now: number,
): Promise<ConversationSummary[]> {
  const notBefore = retentionHorizon(app.config, now);
  const [entries, groups] = await Promise.all([
    deps.conversations.list(app.sdkAppId, userId, limit),
    deps.groupConversations.summaries(app.sdkAppId, userId, app.config.plan.maxGroupsPerUser, notBefore),
  ]);
  const all = [...entries.map((entry) => toConversationSummary(entry, notBefore)), ...groups];
  all.sort((a, b) => b.updatedAt - a.updatedAt);
  return all.slice(0, limit);
}
