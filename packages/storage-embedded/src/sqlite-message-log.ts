import type { MessageLog, NewMessage, StoredMessage } from '@parley/domain';
import { groupCommit } from './group-commit.ts';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import type { SqliteConversationStore } from './sqlite-conversation-store.ts';
import { sqliteCall } from './sqlite-errors.ts';
import type { SqliteMessageStore } from './sqlite-message-store.ts';

export interface SqliteMessageLogDeps {
  db: EmbeddedDatabase;
  messages: SqliteMessageStore;
  conversations: SqliteConversationStore;
}

/**
 * The embedded MessageLog: a message row, its seq and both conversation entries commit in one SQLite transaction
 * (a group commit shared with the other writes of the same event-loop turn), so none is ever stored without the
 * others.
 */
export function createSqliteMessageLog({ db, messages, conversations }: SqliteMessageLogDeps): MessageLog {
  const append = groupCommit(db, (message: NewMessage): StoredMessage => {
    const stored = messages.insertRow(message);
    conversations.writeEntries(stored);
    return stored;
  });
  const recall = db.transaction((sdkAppId: number, conversationId: string, seq: number, at: number) => {
    const tombstone = messages.tombstoneRow(sdkAppId, conversationId, seq, at);
    if (tombstone) conversations.writeRecall(tombstone);
    return tombstone;
  });
  return {
    // The expiry is not stored: the sweeper applies each app's current period.
    append: (message) => append(message),
    recall: (sdkAppId, conversationId, seq, at) =>
      sqliteCall(() => recall.immediate(sdkAppId, conversationId, seq, at)),
    repair: (message) => conversations.recordMessage(message),
  };
}
