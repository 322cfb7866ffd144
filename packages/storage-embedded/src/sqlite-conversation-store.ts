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
  missing_seqs: string;
}

/** At most this many unrecorded seqs are remembered below a new last_seq; lower ones count as recorded. */
const MAX_MISSING_SEQS = 1000;

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
    // A new entry, or the next seq: move lastSeq/lastMessage/updatedAt forward; the recipient's unread grows.
    recordNext: db.prepare<[number, string, string, string, number, number, string, number, string]>(
      `INSERT INTO conversations
         (sdk_app_id, owner, conversation_id, peer, last_seq, read_seq, unread, last_message, updated_at, missing_seqs)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
       ON CONFLICT (sdk_app_id, owner, conversation_id) DO UPDATE SET
         unread = unread + excluded.unread, last_seq = excluded.last_seq, last_message = excluded.last_message,
         updated_at = MAX(updated_at, excluded.updated_at)
       WHERE last_seq = excluded.last_seq - 1`,
    ),
    // A seq further ahead: the same, and the seqs skipped on the way are remembered as missing.
    recordAhead: db.prepare<[number, number, string, number, string, number, string, string]>(
      `UPDATE conversations SET last_seq = ?, unread = unread + ?, last_message = ?,
         updated_at = MAX(updated_at, ?), missing_seqs = ?
       WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ?`,
    ),
    // A missing seq below lastSeq: no longer missing, and unread if the owner had not read past it.
    recordMissing: db.prepare<[number, string, number, string, string]>(
      `UPDATE conversations SET unread = unread + ?, missing_seqs = ?
       WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ?`,
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
    // The caller counted up to last_seq: applies only while it is unchanged, and every seq up to it is recorded.
    markReadAsOf: db.prepare(
      `UPDATE conversations SET read_seq = ?, unread = ?, missing_seqs = '[]'
       WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ? AND read_seq <= ? AND last_seq = ?`,
    ),
    list: db.prepare(
      'SELECT * FROM conversations WHERE sdk_app_id = ? AND owner = ? ORDER BY updated_at DESC, conversation_id LIMIT ?',
    ),
    delete: db.prepare(
      'DELETE FROM conversations WHERE sdk_app_id = ? AND owner = ? AND conversation_id = ?',
    ),
    deleteApp: db.prepare('DELETE FROM conversations WHERE sdk_app_id = ?'),
  };

  /**
   * Records a message in one entry, once per seq whatever the order (see ConversationEntryWrites.recordMessage): the
   * next seq is one upsert; otherwise the entry is read (inside the caller's transaction) and either moved ahead,
   * with the seqs skipped remembered in missing_seqs, or, for an older seq still missing, counted and struck off.
   */
  const writeEntry = (message: StoredMessage, owner: string, peer: string, unread: number): void => {
    const { sdkAppId: app, conversationId: conv, seq, time } = message;
    const msg = JSON.stringify(message);
    const fresh = JSON.stringify(seqsBetween(0, seq));
    if (s.recordNext.run(app, owner, conv, peer, seq, unread, msg, time, fresh).changes > 0) return;
    const row = s.get.get(app, owner, conv) as ConversationRow;
    const missing = JSON.parse(row.missing_seqs) as number[];
    if (seq > row.last_seq) {
      const next = JSON.stringify([...missing, ...seqsBetween(row.last_seq, seq)]);
      s.recordAhead.run(seq, unread, msg, time, next, app, owner, conv);
    } else if (missing.includes(seq)) {
      const counted = seq > row.read_seq ? unread : 0;
      const next = JSON.stringify(missing.filter((other) => other !== seq));
      s.recordMissing.run(counted, next, app, owner, conv);
    }
  };
  // The sender's entry does not count the message as unread, the recipient's does.
  const writeEntries = (message: StoredMessage): void => {
    writeEntry(message, message.from, message.to, 0);
    writeEntry(message, message.to, message.from, 1);
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
    (
      sdkAppId: number,
      owner: string,
      conversationId: string,
      readSeq: number,
      unread: number,
      asOfLastSeq: number | undefined,
    ) => {
      if (asOfLastSeq === undefined)
        s.markRead.run(readSeq, unread, sdkAppId, owner, conversationId, readSeq);
      else s.markReadAsOf.run(readSeq, unread, sdkAppId, owner, conversationId, readSeq, asOfLastSeq);
      const row = s.get.get(sdkAppId, owner, conversationId) as ConversationRow | undefined;
      return row ? fromRow(row) : undefined;
    },
  );

  return {
    writeEntries,
    writeRecall,
    recordMessage: groupCommit(db, writeEntries),
    recordRecall: (message) => sqliteCall(() => writeRecall(message)),
    markRead: (sdkAppId, owner, conversationId, readSeq, unread, asOfLastSeq) =>
      sqliteCall(() => markReadTx.immediate(sdkAppId, owner, conversationId, readSeq, unread, asOfLastSeq)),
    get: (sdkAppId, owner, conversationId) =>
      sqliteCall(() => {
        const row = s.get.get(sdkAppId, owner, conversationId) as ConversationRow | undefined;
        return row ? fromRow(row) : undefined;
      }),
    list: (sdkAppId, owner, limit) =>
      sqliteCall(() => (s.list.all(sdkAppId, owner, limit) as ConversationRow[]).map(fromRow)),
    delete: (sdkAppId, owner, conversationId) =>
      sqliteCall(() => s.delete.run(sdkAppId, owner, conversationId).changes > 0),
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

/** The seqs strictly between `below` and `above`, at most MAX_MISSING_SEQS of them (the highest). */
function seqsBetween(below: number, above: number): number[] {
  const from = Math.max(below + 1, above - MAX_MISSING_SEQS);
  return Array.from({ length: Math.max(0, above - from) }, (_, i) => from + i);
}
