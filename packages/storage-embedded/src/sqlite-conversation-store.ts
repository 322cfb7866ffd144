import type {
  ConversationEntry,
  ConversationEntryWrites,
  ConversationStore,
  StoredMessage,
} from '@parley/domain';
import { groupCommit } from './group-commit.ts';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface ConversationRow {
  sdk_app_id: number;
  owner: string;
  conversation_id: string;
  peer: string;
  last_seq: number;
  read_seq: number;
  unread: number;
  last_message: string | null;
  updated_at: number;
}

/**
 * The embedded conversation store. Besides the port it offers its entry writes as plain statements that run inside
 * a caller's transaction: the embedded MessageLog commits them with the message row.
 */
export interface SqliteConversationStore extends ConversationStore, ConversationEntryWrites {
  /** Writes both entries of a stored message; call inside a transaction. */
  writeEntries(message: StoredMessage): void;
  /** Replaces both entries' lastMessage when it is the recalled message; call inside a transaction. */
  writeRecall(message: StoredMessage): void;
}

export function createSqliteConversationStore({ db }: { db: EmbeddedDatabase }): SqliteConversationStore {
  const s = {
    // New entry, or a newer message: move lastSeq/lastMessage/updatedAt forward; the recipient's unread grows.
    record: db.prepare<[number, string, string, string, number, number, string, number]>(
      `INSERT INTO conversations (sdk_app_id, owner, conversation_id, peer, last_seq, read_seq, unread, last_message, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (sdk_app_id, owner, conversation_id) DO UPDATE SET
         unread = unread + excluded.unread, last_seq = excluded.last_seq, last_message = excluded.last_message,
         updated_at = MAX(updated_at, excluded.updated_at)
       WHERE last_seq < excluded.last_seq`,
    ),
    recall: db.prepare(
      `UPDATE conversations SET last_message = ?
       WHERE sdk_app_id = ? AND conversation_id = ? AND owner IN (?, ?) AND last_seq = ?`,
    ),
    get: db.prepare('SELECT * FROM conversations WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ?'),
    markRead: db.prepare(
      `UPDATE conversations SET read_seq = ?, unread = ?
       WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ? AND read_seq <= ?`,
    ),
    list: db.prepare(
      'SELECT * FROM conversations WHERE sdk_app_id = ? AND owner = ? ORDER BY updated_at DESC, conversation_id LIMIT ?',
    ),
    deleteApp: db.prepare('DELETE FROM conversations WHERE sdk_app_id = ?'),
  };

  // New entry, or a newer message: the sender's entry does not count it as unread, the recipient's does.
  const writeEntries = (message: StoredMessage): void => {
    const msg = JSON.stringify(message);
    const { sdkAppId: app, conversationId: conv, seq, time, from, to } = message;
    s.record.run(app, from, conv, to, seq, 0, msg, time);
    s.record.run(app, to, conv, from, seq, 1, msg, time);
  };
  const writeRecall = (message: StoredMessage): void => {
    s.recall.run(
      JSON.stringify(message),
      message.sdkAppId,
      message.conversationId,
      message.from,
      message.to,
      message.seq,
    );
  };
  const markReadTx = db.transaction(
    (sdkAppId: number, owner: string, conversationId: string, readSeq: number, unread: number) => {
      s.markRead.run(readSeq, unread, sdkAppId, owner, conversationId, readSeq);
      const row = s.get.get(sdkAppId, owner, conversationId) as ConversationRow | undefined;
      return row ? fromRow(row) : undefined;
    },
  );

  return {
    writeEntries,
    writeRecall,
    recordMessage: groupCommit(db, writeEntries),
    recordRecall: (message) => sqliteCall(() => writeRecall(message)),
    markRead: (sdkAppId, owner, conversationId, readSeq, unread) =>
      sqliteCall(() => markReadTx.immediate(sdkAppId, owner, conversationId, readSeq, unread)),
    get: (sdkAppId, owner, conversationId) =>
      sqliteCall(() => {
        const row = s.get.get(sdkAppId, owner, conversationId) as ConversationRow | undefined;
        return row ? fromRow(row) : undefined;
      }),
    list: (sdkAppId, owner, limit) =>
      sqliteCall(() => (s.list.all(sdkAppId, owner, limit) as ConversationRow[]).map(fromRow)),
    deleteApp: (sdkAppId) => sqliteCall(() => s.deleteApp.run(sdkAppId).changes),
    close: async () => {},
  };
}

function fromRow(row: ConversationRow): ConversationEntry {
  return {
    sdkAppId: row.sdk_app_id,
    owner: row.owner,
    conversationId: row.conversation_id,
    peer: row.peer,
    lastSeq: row.last_seq,
    readSeq: row.read_seq,
    unread: row.unread,
    lastMessage: row.last_message === null ? null : (JSON.parse(row.last_message) as StoredMessage),
    updatedAt: row.updated_at,
  };
}
