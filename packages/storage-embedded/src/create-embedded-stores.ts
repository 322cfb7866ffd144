import type { AppStore } from '@parley/app-config';
import type { AccountStore, ConversationStore, MessageStore, RelationStore } from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { createSqliteAccountStore } from './sqlite-account-store.ts';
import { createSqliteAppStore } from './sqlite-app-store.ts';
import { createSqliteConversationStore } from './sqlite-conversation-store.ts';
import { createSqliteMessageStore } from './sqlite-message-store.ts';
import { createSqliteRelationStore } from './sqlite-relation-store.ts';

export interface EmbeddedStores {
  apps: AppStore;
  accounts: AccountStore;
  relations: RelationStore;
  messages: MessageStore;
  conversations: ConversationStore;
}

/** Every durable store of the embedded default, on one SQLite database. */
export function createEmbeddedStores({ db }: { db: EmbeddedDatabase }): EmbeddedStores {
  const conversations = createSqliteConversationStore({ db });
  return {
    apps: createSqliteAppStore({ db }),
    accounts: createSqliteAccountStore({ db }),
    relations: createSqliteRelationStore({ db }),
    // A message and its conversation entries commit in one transaction.
    messages: createSqliteMessageStore({ db, withinAppend: conversations.recordWithinAppend }),
    conversations,
  };
}
