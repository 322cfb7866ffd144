import type { TopicPatch, TopicRecord, TopicStore } from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface TopicRow {
  sdk_app_id: number;
  topic_id: string;
  group_id: string;
  name: string;
  introduction: string;
  notification: string;
  face_url: string;
  custom_data: string;
  mute_all: number;
  created_at: number;
  updated_at: number;
}

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

function fromRow(row: TopicRow): TopicRecord {
  return {
    sdkAppId: row.sdk_app_id,
    groupId: row.group_id,
    topicId: row.topic_id,
    name: row.name,
    introduction: row.introduction,
    notification: row.notification,
    faceUrl: row.face_url,
    customData: row.custom_data,
    muteAll: row.mute_all !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Community topics and per-topic read positions in the embedded SQLite database (tables `topics`, `topic_reads`). */
export function createSqliteTopicStore({ db }: { db: EmbeddedDatabase }): TopicStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO topics (sdk_app_id, topic_id, group_id, name, introduction, notification, face_url, custom_data,
         mute_all, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    count: db.prepare('SELECT COUNT(*) AS n FROM topics WHERE sdk_app_id = ? AND group_id = ?'),
    get: db.prepare(`SELECT * FROM topics WHERE ${TOPIC_KEY}`),
    list: db.prepare('SELECT * FROM topics WHERE sdk_app_id = ? AND group_id = ? ORDER BY topic_id'),
    touch: db.prepare(`UPDATE topics SET updated_at = ? WHERE ${TOPIC_KEY}`),
    delete: db.prepare(`DELETE FROM topics WHERE ${TOPIC_KEY}`),
    deleteReads: db.prepare(`DELETE FROM topic_reads WHERE ${TOPIC_KEY}`),
    groupTopicIds: db.prepare(
      'SELECT topic_id FROM topics WHERE sdk_app_id = ? AND group_id = ? ORDER BY topic_id',
    ),
    deleteGroup: db.prepare('DELETE FROM topics WHERE sdk_app_id = ? AND group_id = ?'),
    deleteGroupReads: db.prepare('DELETE FROM topic_reads WHERE sdk_app_id = ? AND group_id = ?'),
    markRead: db.prepare(
      `INSERT INTO topic_reads (sdk_app_id, topic_id, user_id, group_id, read_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sdk_app_id, topic_id, user_id) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)`,
    ),
    readSeq: db.prepare(`SELECT read_seq FROM topic_reads WHERE ${TOPIC_KEY} AND user_id = ?`),
    forgetReader: db.prepare('DELETE FROM topic_reads WHERE sdk_app_id = ? AND group_id = ? AND user_id = ?'),
    deleteApp: db.prepare('DELETE FROM topics WHERE sdk_app_id = ?'),
    deleteAppReads: db.prepare('DELETE FROM topic_reads WHERE sdk_app_id = ?'),
  };
  const setColumn = Object.fromEntries(
    Object.entries(PATCH_COLUMNS).map(([key, column]) => [
      key,
      db.prepare(`UPDATE topics SET ${column} = ? WHERE ${TOPIC_KEY}`),
    ]),
  );
  const get = (sdkAppId: number, topicId: string) => {
    const row = s.get.get(sdkAppId, topicId) as TopicRow | undefined;
    return row ? fromRow(row) : undefined;
  };

  const createTx = db.transaction((t: TopicRecord, maxTopics: number): 'created' | 'taken' | 'full' => {
    if (get(t.sdkAppId, t.topicId)) return 'taken';
    if ((s.count.get(t.sdkAppId, t.groupId) as { n: number }).n >= maxTopics) return 'full';
    s.insert.run(
      t.sdkAppId,
      t.topicId,
      t.groupId,
      t.name,
      t.introduction,
      t.notification,
      t.faceUrl,
      t.customData,
      t.muteAll ? 1 : 0,
      t.createdAt,
      t.updatedAt,
    );
    return 'created';
  });
  const updateTx = db.transaction((sdkAppId: number, topicId: string, patch: TopicPatch, at: number) => {
    if (!get(sdkAppId, topicId)) return undefined;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      setColumn[key]?.run(typeof value === 'boolean' ? (value ? 1 : 0) : value, sdkAppId, topicId);
    }
    s.touch.run(at, sdkAppId, topicId);
    return get(sdkAppId, topicId);
  });
  const deleteTx = db.transaction((sdkAppId: number, topicId: string) => {
    s.deleteReads.run(sdkAppId, topicId);
    return s.delete.run(sdkAppId, topicId).changes > 0;
  });
  const deleteGroupTx = db.transaction((sdkAppId: number, groupId: string) => {
    const ids = (s.groupTopicIds.all(sdkAppId, groupId) as { topic_id: string }[]).map((r) => r.topic_id);
    s.deleteGroupReads.run(sdkAppId, groupId);
    s.deleteGroup.run(sdkAppId, groupId);
    return ids;
  });
  const markReadTx = db.transaction((sdkAppId: number, topicId: string, userId: string, seq: number) => {
    const topic = get(sdkAppId, topicId);
    if (!topic) return 0;
    s.markRead.run(sdkAppId, topicId, userId, topic.groupId, seq);
    return (s.readSeq.get(sdkAppId, topicId, userId) as { read_seq: number }).read_seq;
  });
  const deleteAppTx = db.transaction((sdkAppId: number) => {
    s.deleteAppReads.run(sdkAppId);
    return s.deleteApp.run(sdkAppId).changes;
  });

  return {
    create: async (topic, maxTopics) => sqliteCall(() => createTx(topic, maxTopics)),
    get: async (sdkAppId, topicId) => sqliteCall(() => get(sdkAppId, topicId)),
    list: async (sdkAppId, groupId) =>
      sqliteCall(() => (s.list.all(sdkAppId, groupId) as TopicRow[]).map(fromRow)),
    update: async (sdkAppId, topicId, patch, at) => sqliteCall(() => updateTx(sdkAppId, topicId, patch, at)),
    delete: async (sdkAppId, topicId) => sqliteCall(() => deleteTx(sdkAppId, topicId)),
    deleteGroup: async (sdkAppId, groupId) => sqliteCall(() => deleteGroupTx(sdkAppId, groupId)),
    markRead: async (sdkAppId, topicId, userId, seq) =>
      sqliteCall(() => markReadTx(sdkAppId, topicId, userId, seq)),
    readSeqs: async (sdkAppId, userId, topicIds) =>
      sqliteCall(() =>
        topicIds.map(
          (topicId) =>
            (s.readSeq.get(sdkAppId, topicId, userId) as { read_seq: number } | undefined)?.read_seq ?? 0,
        ),
      ),
    forgetReader: async (sdkAppId, groupId, userId) =>
      sqliteCall(() => {
        s.forgetReader.run(sdkAppId, groupId, userId);
      }),
    deleteApp: async (sdkAppId) => sqliteCall(() => deleteAppTx(sdkAppId)),
    close: async () => {},
  };
}
