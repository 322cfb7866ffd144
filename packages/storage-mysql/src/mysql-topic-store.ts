import type { TopicPatch, TopicRecord, TopicStore } from '@parley/domain';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { isDuplicateKey } from './mysql-errors.ts';
import { countOf, lockGroup } from './mysql-group-queries.ts';
import { DEFAULT_QUERY_TIMEOUT_MS, type Sql, sqlOn, withTransaction } from './mysql-sql.ts';
import { deleteAppRows, userIdOf } from './user-relations.ts';

export interface MysqlTopicStoreDeps {
  pool: Pool;
  queryTimeoutMs?: number;
}

interface TopicRow extends RowDataPacket {
  sdk_app_id: number;
  topic_id: Buffer;
  group_id: Buffer;
  name: string;
  introduction: string;
  notification: string;
  face_url: string;
  custom_data: string;
  mute_all: number;
  created_at: number;
  updated_at: number;
}

interface ReadRow extends RowDataPacket {
  topic_id: Buffer;
  read_seq: number;
}

const COLUMNS =
  'sdk_app_id, topic_id, group_id, name, introduction, notification, face_url, custom_data, mute_all, ' +
  'created_at, updated_at';
const TOPIC_KEY = 'sdk_app_id = ? AND topic_id = ?';
/** Topic columns a patch may set, by patch key. */
const PATCH_COLUMNS = {
  name: 'name',
  introduction: 'introduction',
  notification: 'notification',
  faceUrl: 'face_url',
  customData: 'custom_data',
  muteAll: 'mute_all',
} as const satisfies Record<keyof TopicPatch, string>;

function toTopic(row: TopicRow): TopicRecord {
  return {
    sdkAppId: Number(row.sdk_app_id),
    groupId: userIdOf(row.group_id),
    topicId: userIdOf(row.topic_id),
    name: row.name,
    introduction: row.introduction,
    notification: row.notification,
    faceUrl: row.face_url,
    customData: row.custom_data,
    muteAll: Number(row.mute_all) !== 0,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Community topics and per-topic read positions in MySQL (tables `group_topics`, `topic_reads`, see
 * infra/mysql/004_topics.sql). Creating a topic locks the community's `chat_groups` row, so the 200-topic
 * limit holds across nodes. The pool belongs to the caller.
 */
export function createMysqlTopicStore({
  pool,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
}: MysqlTopicStoreDeps): TopicStore {
  const sql = sqlOn(pool, queryTimeoutMs);
  const transaction = <T>(work: (tx: Sql) => Promise<T>) => withTransaction(pool, queryTimeoutMs, work);
  const get = async (on: Sql, sdkAppId: number, topicId: string) => {
    const [row] = await on.rows<TopicRow>(`SELECT ${COLUMNS} FROM group_topics WHERE ${TOPIC_KEY}`, [
      sdkAppId,
      topicId,
    ]);
    return row ? toTopic(row) : undefined;
  };

  return {
    async create(t, maxTopics) {
      return transaction(async (tx) => {
        // The community's row serialises topic creation (the group itself may be absent in tests: then the
        // topic row's primary key still decides).
        await lockGroup(tx, t.sdkAppId, t.groupId);
        if (await get(tx, t.sdkAppId, t.topicId)) return 'taken';
        const count = await countOf(
          tx,
          'SELECT COUNT(*) AS n FROM group_topics WHERE sdk_app_id = ? AND group_id = ?',
          [t.sdkAppId, t.groupId],
        );
        if (count >= maxTopics) return 'full';
        try {
          await tx.exec(`INSERT INTO group_topics (${COLUMNS}) VALUES (?)`, [
            [
              t.sdkAppId,
              t.topicId,
              t.groupId,
              t.name,
              t.introduction,
              t.notification,
              t.faceUrl,
              t.customData,
              t.muteAll,
              t.createdAt,
              t.updatedAt,
            ],
          ]);
        } catch (error) {
          if (isDuplicateKey(error)) return 'taken';
          throw error;
        }
        return 'created';
      });
    },

    get: (sdkAppId, topicId) => get(sql, sdkAppId, topicId),

    async list(sdkAppId, groupId) {
      const rows = await sql.rows<TopicRow>(
        `SELECT ${COLUMNS} FROM group_topics WHERE sdk_app_id = ? AND group_id = ? ORDER BY topic_id`,
        [sdkAppId, groupId],
      );
      return rows.map(toTopic);
    },

    async update(sdkAppId, topicId, patch, at) {
      const set = ['updated_at = ?'];
      const values: unknown[] = [at];
      for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
        const value = patch[key as keyof TopicPatch];
        if (value === undefined) continue;
        set.push(`${column} = ?`);
        values.push(value);
      }
      await sql.exec(`UPDATE group_topics SET ${set.join(', ')} WHERE ${TOPIC_KEY}`, [
        ...values,
        sdkAppId,
        topicId,
      ]);
      return get(sql, sdkAppId, topicId);
    },

    async delete(sdkAppId, topicId) {
      return transaction(async (tx) => {
        await tx.exec(`DELETE FROM topic_reads WHERE ${TOPIC_KEY}`, [sdkAppId, topicId]);
        const { affectedRows } = await tx.exec(`DELETE FROM group_topics WHERE ${TOPIC_KEY}`, [
          sdkAppId,
          topicId,
        ]);
        return affectedRows > 0;
      });
    },

    async deleteGroup(sdkAppId, groupId) {
      return transaction(async (tx) => {
        const rows = await tx.rows<ReadRow>(
          'SELECT topic_id FROM group_topics WHERE sdk_app_id = ? AND group_id = ? ORDER BY topic_id FOR UPDATE',
          [sdkAppId, groupId],
        );
        await tx.exec('DELETE FROM topic_reads WHERE sdk_app_id = ? AND group_id = ?', [sdkAppId, groupId]);
        await tx.exec('DELETE FROM group_topics WHERE sdk_app_id = ? AND group_id = ?', [sdkAppId, groupId]);
        return rows.map((row) => userIdOf(row.topic_id));
      });
    },

    async markRead(sdkAppId, topicId, userId, seq) {
      const topic = await get(sql, sdkAppId, topicId);
      if (!topic) return 0;
      await sql.exec(
        `INSERT INTO topic_reads (sdk_app_id, topic_id, user_id, group_id, read_seq) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE read_seq = GREATEST(read_seq, VALUES(read_seq))`,
        [sdkAppId, topicId, userId, topic.groupId, seq],
      );
      const [row] = await sql.rows<ReadRow>(
        `SELECT read_seq FROM topic_reads WHERE ${TOPIC_KEY} AND user_id = ?`,
        [sdkAppId, topicId, userId],
      );
      return Number(row?.read_seq ?? 0);
    },

    async readSeqs(sdkAppId, userId, topicIds) {
      if (topicIds.length === 0) return [];
      const rows = await sql.rows<ReadRow>(
        'SELECT topic_id, read_seq FROM topic_reads WHERE sdk_app_id = ? AND user_id = ? AND topic_id IN (?)',
        [sdkAppId, userId, topicIds],
      );
      const bySeq = new Map(rows.map((row) => [userIdOf(row.topic_id), Number(row.read_seq)]));
      return topicIds.map((topicId) => bySeq.get(topicId) ?? 0);
    },

    async forgetReader(sdkAppId, groupId, userId) {
      await sql.exec('DELETE FROM topic_reads WHERE sdk_app_id = ? AND group_id = ? AND user_id = ?', [
        sdkAppId,
        groupId,
        userId,
      ]);
    },

    async deleteApp(sdkAppId) {
      await deleteAppRows(sql, 'topic_reads', sdkAppId);
      return deleteAppRows(sql, 'group_topics', sdkAppId);
    },

    // The pool is shared with the other stores; whoever called connectMysql ends it.
    async close() {},
  };
}
