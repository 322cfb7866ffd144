import type { ConversationEntry, ConversationStore, StoredMessage } from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { groupCommit } from './group-commit.ts';
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

export function createSqliteConversationStore({ db }: { db: EmbeddedDatabase }): ConversationStore {
  const s = {
    // New entry, or a newer message: move lastSeq/lastMessage/updatedAt forward; the recipient's unread grows.
    record: db.prepare(
      `INSERT INTO conversations (sdk_app_id, owner, conversation_id, peer, last_seq, read_seq, unread, last_message, updated_at)
       VALUES (@app, @owner, @conv, @peer, @seq, 0, @inc, @msg, @time)
       ON CONFLICT (sdk_app_id, owner, conversation_id) DO UPDATE SET
         unread = unread + @inc, last_seq = @seq, last_message = @msg, updated_at = MAX(updated_at, @time)
       WHERE last_seq < @seq`,
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

  const recordGrouped = groupCommit(db, (message: StoredMessage) => {
    const msg = JSON.stringify(message);
    const common = {
      app: message.sdkAppId,
      conv: message.conversationId,
      seq: message.seq,
      msg,
      time: message.time,
    };
    s.record.run({ ...common, owner: message.from, peer: message.to, inc: 0 });
    s.record.run({ ...common, owner: message.to, peer: message.from, inc: 1 });
  });
  const markReadTx = db.transaction(
    (sdkAppId: number, owner: string, conversationId: string, readSeq: number, unread: number) => {
      s.markRead.run(readSeq, unread, sdkAppId, owner, conversationId, readSeq);
      const row = s.get.get(sdkAppId, owner, conversationId) as ConversationRow | undefined;
      return row ? fromRow(row) : undefined;
    },
  );

  return {
    recordMessage: recordGrouped,
    recordRecall: (message) =>
      sqliteCall(() => {
        s.recall.run(
          JSON.stringify(message),
          message.sdkAppId,
          message.conversationId,
          message.from,
          message.to,
          message.seq,
        );
      }),
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
