import {
  type MessageRowWrites,
  type MessageStore,
  msgKeyOf,
  type NewMessage,
  type StoredMessage,
} from '@parley/domain';
import type { MessageElement } from '@parley/protocol';
import { groupCommit } from './group-commit.ts';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface MessageRow {
  sdk_app_id: number;
  conversation_id: string;
  seq: number;
  msg_key: string;
  from_user: string;
  to_user: string;
  random: number;
  time: number;
  body: string;
  cloud_custom_data: string | null;
  recalled_at: number | null;
  mentions: string | null;
}

/**
 * The embedded message store. Besides the port it offers its writes as plain statements (`insertRow`,
 * `tombstoneRow`) that run inside a caller's transaction: the embedded MessageLog commits them with the
 * conversation entries.
 */
export interface SqliteMessageStore extends MessageStore, MessageRowWrites {
  /** Takes the conversation's next seq (kept in conversation_seqs, rows or not); call inside a transaction. */
  nextSeqRow(sdkAppId: number, conversationId: string): number;
  /** Allocates the seq and inserts the row; call inside a transaction. */
  insertRow(message: NewMessage): StoredMessage;
  /** Empties the body and stamps the recall; call inside a transaction. */
  tombstoneRow(sdkAppId: number, conversationId: string, seq: number, at: number): StoredMessage | undefined;
}

export function createSqliteMessageStore({ db }: { db: EmbeddedDatabase }): SqliteMessageStore {
  const s = {
    lastSeq: db
      .prepare('SELECT last_seq FROM conversation_seqs WHERE sdk_app_id = ? AND conversation_id = ?')
      .pluck(),
    bumpSeq: db.prepare(
      `INSERT INTO conversation_seqs (sdk_app_id, conversation_id, last_seq) VALUES (?, ?, ?)
       ON CONFLICT (sdk_app_id, conversation_id) DO UPDATE SET last_seq = excluded.last_seq`,
    ),
    insert: db.prepare(
      `INSERT INTO messages (sdk_app_id, conversation_id, seq, msg_key, from_user, to_user, random, time, body, cloud_custom_data, mentions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    byRandom: db.prepare(
      `SELECT * FROM messages WHERE sdk_app_id = ? AND from_user = ? AND random = ? AND to_user = ? AND time >= ?
       ORDER BY time DESC, seq DESC LIMIT 1`,
    ),
    get: db.prepare('SELECT * FROM messages WHERE sdk_app_id = ? AND conversation_id = ? AND seq = ?'),
    after: db.prepare(
      `SELECT * FROM messages WHERE sdk_app_id = ? AND conversation_id = ? AND seq > ? AND time >= ?
       ORDER BY seq ASC LIMIT ?`,
    ),
    before: db.prepare(
      `SELECT * FROM messages WHERE sdk_app_id = ? AND conversation_id = ? AND seq < ? AND time >= ?
       ORDER BY seq DESC LIMIT ?`,
    ),
    countFrom: db
      .prepare(
        'SELECT COUNT(*) FROM messages WHERE sdk_app_id = ? AND conversation_id = ? AND from_user = ? AND seq > ? AND seq <= ?',
      )
      .pluck(),
    recall: db.prepare(
      `UPDATE messages SET body = '[]', cloud_custom_data = NULL, mentions = NULL, recalled_at = ?
       WHERE sdk_app_id = ? AND conversation_id = ? AND seq = ? AND recalled_at IS NULL`,
    ),
    deleteOlder: db.prepare('DELETE FROM messages WHERE sdk_app_id = ? AND time < ?'),
    deleteApp: db.prepare('DELETE FROM messages WHERE sdk_app_id = ?'),
    deleteAppSeqs: db.prepare('DELETE FROM conversation_seqs WHERE sdk_app_id = ?'),
  };

  // Seq allocation and insert in one transaction: gap-free, and the seq survives retention deleting the rows.
  const nextSeqRow = (sdkAppId: number, conversationId: string): number => {
    const seq = ((s.lastSeq.get(sdkAppId, conversationId) as number | undefined) ?? 0) + 1;
    s.bumpSeq.run(sdkAppId, conversationId, seq);
    return seq;
  };
  const insertRow = (message: NewMessage): StoredMessage => {
    const seq = nextSeqRow(message.sdkAppId, message.conversationId);
    const msgKey = msgKeyOf(seq, message.random, message.time);
    s.insert.run(
      message.sdkAppId,
      message.conversationId,
      seq,
      msgKey,
      message.from,
      message.to,
      message.random,
      message.time,
      JSON.stringify(message.body),
      message.cloudCustomData ?? null,
      message.mentions === undefined ? null : JSON.stringify(message.mentions),
    );
    return { ...message, seq, msgKey };
  };
  const tombstoneRow = (sdkAppId: number, conversationId: string, seq: number, at: number) => {
    s.recall.run(at, sdkAppId, conversationId, seq);
    const row = s.get.get(sdkAppId, conversationId, seq) as MessageRow | undefined;
    return row ? fromRow(row) : undefined;
  };
  const appendGrouped = groupCommit(db, insertRow);
  const recallTx = db.transaction(tombstoneRow);
  const deleteAppTx = db.transaction((sdkAppId: number) => {
    s.deleteAppSeqs.run(sdkAppId);
    return s.deleteApp.run(sdkAppId).changes;
  });

  return {
    nextSeqRow,
    insertRow,
    tombstoneRow,
    append: appendGrouped,
    findByRandom: (sdkAppId, from, to, random, since) =>
      sqliteCall(() => optional(s.byRandom.get(sdkAppId, from, random, to, since) as MessageRow | undefined)),
    get: (sdkAppId, conversationId, seq) =>
      sqliteCall(() => optional(s.get.get(sdkAppId, conversationId, seq) as MessageRow | undefined)),
    listAfter: (sdkAppId, conversationId, afterSeq, limit, notBefore) =>
      sqliteCall(() =>
        (s.after.all(sdkAppId, conversationId, afterSeq, notBefore, limit) as MessageRow[]).map(fromRow),
      ),
    listBefore: (sdkAppId, conversationId, beforeSeq, limit, notBefore) =>
      sqliteCall(() =>
        (
          s.before.all(
            sdkAppId,
            conversationId,
            beforeSeq ?? Number.MAX_SAFE_INTEGER,
            notBefore,
            limit,
          ) as MessageRow[]
        ).map(fromRow),
      ),
    countFromAfter: (sdkAppId, conversationId, from, afterSeq, throughSeq = Number.MAX_SAFE_INTEGER) =>
      sqliteCall(() => s.countFrom.get(sdkAppId, conversationId, from, afterSeq, throughSeq) as number),
    markRecalled: (sdkAppId, conversationId, seq, at) =>
      sqliteCall(() => recallTx.immediate(sdkAppId, conversationId, seq, at)),
    // The sweeper applies each app's current period: there is no per-message expiry to update here.
    applyRetention: async () => {},
    deleteOlderThan: (sdkAppId, cutoff) => sqliteCall(() => s.deleteOlder.run(sdkAppId, cutoff).changes),
    deleteApp: (sdkAppId) => sqliteCall(() => deleteAppTx.immediate(sdkAppId)),
    close: async () => {},
  };
}

function optional(row: MessageRow | undefined): StoredMessage | undefined {
  return row ? fromRow(row) : undefined;
}

function fromRow(row: MessageRow): StoredMessage {
  const message: StoredMessage = {
    sdkAppId: row.sdk_app_id,
    conversationId: row.conversation_id,
    seq: row.seq,
    msgKey: row.msg_key,
    from: row.from_user,
    to: row.to_user,
    random: row.random,
    time: row.time,
    body: JSON.parse(row.body) as MessageElement[],
  };
  if (row.cloud_custom_data !== null) message.cloudCustomData = row.cloud_custom_data;
  if (row.mentions !== null) message.mentions = JSON.parse(row.mentions) as string[];
  if (row.recalled_at !== null) message.recalledAt = row.recalled_at;
  return message;
}
