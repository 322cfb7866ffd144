import type { GroupMessageLog, NewMessage } from '@parley/domain';
import { groupCommit } from './group-commit.ts';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';
import type { SqliteMessageStore } from './sqlite-message-store.ts';

export interface SqliteGroupMessageLogDeps {
  db: EmbeddedDatabase;
  messages: SqliteMessageStore;
}

/**
 * The embedded GroupMessageLog: group messages are rows of the one-to-one messages table, and their seqs come from
 * the same conversation_seqs rows, so the MessageStore reads and retention serve both. Appends, seq allocations and
 * deletions share the group commit of the database's other writes (and so keep their call order).
 */
export function createSqliteGroupMessageLog({ db, messages }: SqliteGroupMessageLogDeps): GroupMessageLog {
  const s = {
    lastSeqs: db.prepare(
      `SELECT conversation_id, last_seq FROM conversation_seqs
       WHERE sdk_app_id = ? AND conversation_id IN (SELECT value FROM json_each(?))`,
    ),
    // The LIMIT stops the scan at the cap: a long-unread busy group costs `cap` rows, not its whole backlog.
    countUnread: db
      .prepare(
        `SELECT COUNT(*) FROM (SELECT 1 FROM messages
         WHERE sdk_app_id = ? AND conversation_id = ? AND seq > ? AND from_user != ? LIMIT ?)`,
      )
      .pluck(),
    deleteRows: db.prepare('DELETE FROM messages WHERE sdk_app_id = ? AND conversation_id = ?'),
    deleteSeq: db.prepare('DELETE FROM conversation_seqs WHERE sdk_app_id = ? AND conversation_id = ?'),
  };
  const append = groupCommit(db, (message: NewMessage) => messages.insertRow(message));
  const allocateSeq = groupCommit(db, ({ sdkAppId, conversationId }: ConversationKey) =>
    messages.nextSeqRow(sdkAppId, conversationId),
  );
  const deleteConversation = groupCommit(db, ({ sdkAppId, conversationId }: ConversationKey) => {
    s.deleteRows.run(sdkAppId, conversationId);
    s.deleteSeq.run(sdkAppId, conversationId);
  });

  return {
    // The expiry is not stored: the sweeper applies each app's current period.
    append: (message) => append(message),
    allocateSeq: (sdkAppId, conversationId) => allocateSeq({ sdkAppId, conversationId }),
    lastSeqs: (sdkAppId, conversationIds) =>
      sqliteCall(() => {
        const rows = s.lastSeqs.all(sdkAppId, JSON.stringify(conversationIds)) as {
          conversation_id: string;
          last_seq: number;
        }[];
        const last = new Map(rows.map((row) => [row.conversation_id, row.last_seq]));
        return conversationIds.map((id) => last.get(id) ?? 0);
      }),
    // Groups have no per-member conversation entries: the tombstone is the whole recall.
    recall: (sdkAppId, conversationId, seq, at) => messages.markRecalled(sdkAppId, conversationId, seq, at),
    countUnread: (sdkAppId, conversationId, userId, afterSeq, cap) =>
      // LIMIT -1 would mean no limit to SQLite.
      cap <= 0
        ? Promise.resolve(0)
        : sqliteCall(() => s.countUnread.get(sdkAppId, conversationId, afterSeq, userId, cap) as number),
    deleteConversation: (sdkAppId, conversationId) => deleteConversation({ sdkAppId, conversationId }),
  };
}

interface ConversationKey {
  sdkAppId: number;
  conversationId: string;
}
