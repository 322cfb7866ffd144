/**
 * Groups (the GroupStore port): the group rows, their members and pending join applications. Members are
 * found by user (memberships) and by read position (read receipts), hence the two indexes.
 */
export const migration003 = `
CREATE TABLE groups (
  sdk_app_id INTEGER NOT NULL,
  group_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  introduction TEXT NOT NULL,
  notification TEXT NOT NULL,
  face_url TEXT NOT NULL,
  owner_id TEXT,
  apply_join_option TEXT NOT NULL,
  max_members INTEGER NOT NULL,
  mute_all INTEGER NOT NULL,
  custom_fields TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id)
) WITHOUT ROWID;

CREATE TABLE group_members (
  sdk_app_id INTEGER NOT NULL,
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  join_seq INTEGER NOT NULL,
  name_card TEXT NOT NULL,
  muted_until INTEGER,
  msg_flag TEXT NOT NULL,
  read_seq INTEGER NOT NULL,
  custom_fields TEXT NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members (sdk_app_id, user_id, joined_at);
CREATE INDEX group_members_read ON group_members (sdk_app_id, group_id, read_seq);

CREATE TABLE group_applications (
  sdk_app_id INTEGER NOT NULL,
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  wording TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, group_id, user_id)
) WITHOUT ROWID;
`;
