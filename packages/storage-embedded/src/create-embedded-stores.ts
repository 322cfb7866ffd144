import type { AppStore } from '@parley/app-config';
import type {
  AccountStore,
  GroupMessageLog,
  GroupStore,
  MessageLog,
  RelationStore,
  TopicStore,
} from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { createSqliteAccountStore } from './sqlite-account-store.ts';
import { createSqliteAppStore } from './sqlite-app-store.ts';
import { createSqliteConversationStore, type SqliteConversationStore } from './sqlite-conversation-store.ts';
import { createSqliteGroupMessageLog } from './sqlite-group-message-log.ts';
import { createSqliteGroupStore } from './sqlite-group-store.ts';
import { createSqliteMessageLog } from './sqlite-message-log.ts';
import { createSqliteMessageStore, type SqliteMessageStore } from './sqlite-message-store.ts';
import { createSqliteRelationStore } from './sqlite-relation-store.ts';
import { createSqliteTopicStore } from './sqlite-topic-store.ts';

export interface EmbeddedStores {
  apps: AppStore;
  accounts: AccountStore;
  relations: RelationStore;
  log: MessageLog;
  /** Group messages: rows of the same messages table, read through `messages`. */
  groupLog: GroupMessageLog;
  messages: SqliteMessageStore;
  conversations: SqliteConversationStore;
  groups: GroupStore;
  topics: TopicStore;
}

/** Every durable store of the embedded default, on one SQLite database. */
export function createEmbeddedStores({ db }: { db: EmbeddedDatabase }): EmbeddedStores {
  const conversations = createSqliteConversationStore({ db });
  const messages = createSqliteMessageStore({ db });
  return {
    apps: createSqliteAppStore({ db }),
    accounts: createSqliteAccountStore({ db }),
    relations: createSqliteRelationStore({ db }),
    log: createSqliteMessageLog({ db, messages, conversations }),
    groupLog: createSqliteGroupMessageLog({ db, messages }),
    messages,
    conversations,
    groups: createSqliteGroupStore({ db }),
    topics: createSqliteTopicStore({ db }),
  };
}
