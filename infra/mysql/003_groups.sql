-- Groups (the GroupStore port): the group rows, their members and pending join applications.
-- IDs are VARBINARY like the other tables' user IDs: byte-for-byte comparison, no PAD SPACE (group IDs may
-- contain spaces). The group table is `chat_groups` because GROUPS is a reserved word on MySQL 8.
-- Members are found by user (memberships, most recently joined first) and by read position (read receipts),
-- hence the two secondary indexes.

CREATE TABLE IF NOT EXISTS chat_groups (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  group_id VARBINARY(128) NOT NULL,
  type VARCHAR(16) CHARACTER SET ascii NOT NULL,
  name TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  introduction TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  notification TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  face_url TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  -- NULL once the owner of a Work group quit.
  owner_id VARBINARY(128) NULL,
  apply_join_option VARCHAR(16) CHARACTER SET ascii NOT NULL,
  max_members INT UNSIGNED NOT NULL,
  mute_all TINYINT(1) NOT NULL,
  -- A JSON object of strings, opaque to the database.
  custom_fields MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS group_members (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  group_id VARBINARY(128) NOT NULL,
  user_id VARBINARY(128) NOT NULL,
  role VARCHAR(16) CHARACTER SET ascii NOT NULL,
  joined_at BIGINT NOT NULL,
  join_seq BIGINT NOT NULL,
  name_card TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  muted_until BIGINT NULL,
  msg_flag VARCHAR(16) CHARACTER SET ascii NOT NULL,
  read_seq BIGINT NOT NULL,
  custom_fields MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id, user_id),
  KEY group_members_by_user (sdk_app_id, user_id, joined_at),
  KEY group_members_by_read (sdk_app_id, group_id, read_seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS group_applications (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  group_id VARBINARY(128) NOT NULL,
  user_id VARBINARY(128) NOT NULL,
  wording TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
