-- Parley's relational schema: apps (configuration), accounts, and relations (friends, requests, blacklists).
-- Works on MySQL 8 and MariaDB 10.6+. Times are epoch milliseconds (BIGINT); user IDs are VARBINARY so they
-- compare byte for byte (case and accents matter, like Tencent's), with no PAD SPACE surprises.
-- One statement per `;` at the end of a line (the runner splits there).

-- SDKAppIDs come from this sequence; it is never deleted from, so a purged app's ID is never reused.
CREATE TABLE IF NOT EXISTS app_ids (
  sdk_app_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (sdk_app_id)
) ENGINE = InnoDB AUTO_INCREMENT = 1400000000;

CREATE TABLE IF NOT EXISTS apps (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii NOT NULL,
  sealed_secret_key TEXT CHARACTER SET ascii NOT NULL,
  -- Opaque JSON to the store (secrets inside are sealed); LONGTEXT reads back identically on both servers.
  config LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  revision INT UNSIGNED NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  terminated_at BIGINT NULL,
  purge_at BIGINT NULL,
  PRIMARY KEY (sdk_app_id),
  KEY apps_purge_due (status, purge_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS accounts (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  user_id VARBINARY(128) NOT NULL,
  nick TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  face_url TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at BIGINT NOT NULL,
  muted_until BIGINT NULL,
  add_verification VARCHAR(16) CHARACTER SET ascii NULL,
  -- Random tag of the import that created the row: tells concurrent imports which rows each one created.
  import_batch BINARY(16) NULL,
  PRIMARY KEY (sdk_app_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Each friendship is two rows, (a, b) and (b, a), written and removed together.
CREATE TABLE IF NOT EXISTS friends (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  owner_id VARBINARY(128) NOT NULL,
  friend_id VARBINARY(128) NOT NULL,
  since BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, owner_id, friend_id),
  KEY friends_by_friend (sdk_app_id, friend_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS friend_requests (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  from_id VARBINARY(128) NOT NULL,
  to_id VARBINARY(128) NOT NULL,
  wording TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, from_id, to_id),
  KEY friend_requests_incoming (sdk_app_id, to_id, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS blacklist (
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  owner_id VARBINARY(128) NOT NULL,
  target_id VARBINARY(128) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (sdk_app_id, owner_id, target_id),
  KEY blacklist_by_target (sdk_app_id, target_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
