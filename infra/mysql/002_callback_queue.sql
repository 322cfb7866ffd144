-- The durable queue of Tencent-style callbacks, shared by every node (claims are atomic across nodes).
-- IF NOT EXISTS: releases before this migration created the same table at run time.
-- last_error holds at most MAX_ERROR_LENGTH (500) characters (packages/callbacks/src/queue/queue-rows.ts).
CREATE TABLE IF NOT EXISTS callback_queue (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  sdk_app_id BIGINT UNSIGNED NOT NULL,
  command VARCHAR(64) CHARACTER SET ascii NOT NULL,
  client_ip VARCHAR(64) CHARACTER SET ascii NOT NULL,
  opt_platform VARCHAR(16) CHARACTER SET ascii NOT NULL,
  body LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  state VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'pending',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claim_token CHAR(32) CHARACTER SET ascii NULL,
  last_error VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  created_at BIGINT NOT NULL,
  dead_at BIGINT NULL,
  PRIMARY KEY (id),
  KEY callback_queue_due (state, next_attempt_at),
  KEY callback_queue_claim (claim_token),
  KEY callback_queue_app (sdk_app_id, state, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
