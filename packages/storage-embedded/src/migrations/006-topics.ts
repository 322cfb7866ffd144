/**
 * Community topics (the TopicStore port): whether a community may have them, the topic rows, and each
 * member's read position per topic (the topic's messages are group messages under `group:<topicId>`).
 */
export const migration006 = `
ALTER TABLE groups ADD COLUMN support_topic INTEGER NOT NULL DEFAULT 0;

CREATE TABLE topics (
  sdk_app_id INTEGER NOT NULL,
  topic_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  name TEXT NOT NULL,
  introduction TEXT NOT NULL,
  notification TEXT NOT NULL,
  face_url TEXT NOT NULL,
  custom_data TEXT NOT NULL,
  mute_all INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX topics_group ON topics (sdk_app_id, group_id, topic_id);

CREATE TABLE topic_reads (
  sdk_app_id INTEGER NOT NULL,
  topic_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  read_seq INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, topic_id, user_id)
) WITHOUT ROWID;
CREATE INDEX topic_reads_user ON topic_reads (sdk_app_id, group_id, user_id);
`;
