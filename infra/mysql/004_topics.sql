-- Community topics (the TopicStore port): whether a community may have them (fixed at creation), the topic
-- rows, and each member's read position per topic. A topic's messages are group messages under
-- `group:<topicId>` in the GroupMessageLog, so no message table changes here.

ALTER TABLE chat_groups ADD COLUMN support_topic TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS group_topics (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  topic_id VARBINARY(192) NOT NULL,
  group_id VARBINARY(128) NOT NULL,
  name TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  introduction TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  notification TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  face_url TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  custom_data MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  mute_all TINYINT(1) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, topic_id),
  KEY group_topics_group (sdk_app_id, group_id, topic_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS topic_reads (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  topic_id VARBINARY(192) NOT NULL,
  user_id VARBINARY(128) NOT NULL,
  group_id VARBINARY(128) NOT NULL,
  read_seq BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (sdk_app_id, topic_id, user_id),
  KEY topic_reads_user (sdk_app_id, group_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
