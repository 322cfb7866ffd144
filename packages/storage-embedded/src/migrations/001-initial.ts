/** The embedded default's schema: one SQLite file holds apps, accounts, relations, messages and conversations. */
export const migration001 = `
CREATE TABLE apps (
  sdk_app_id INTEGER PRIMARY KEY AUTOINCREMENT,
  status TEXT NOT NULL,
  sealed_secret_key TEXT NOT NULL,
  config TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  terminated_at INTEGER,
  purge_at INTEGER
);
CREATE INDEX apps_purge_at ON apps (purge_at) WHERE purge_at IS NOT NULL;
-- SDKAppIDs start at 1400000000, as Tencent's do.
INSERT INTO sqlite_sequence (name, seq) VALUES ('apps', 1399999999);

CREATE TABLE accounts (
  sdk_app_id INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  nick TEXT NOT NULL DEFAULT '',
  face_url TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  muted_until INTEGER,
  add_verification TEXT,
  PRIMARY KEY (sdk_app_id, user_id)
) WITHOUT ROWID;

CREATE TABLE friends (
  sdk_app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  friend TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, owner, friend)
) WITHOUT ROWID;

CREATE TABLE friend_requests (
  sdk_app_id INTEGER NOT NULL,
  from_user TEXT NOT NULL,
  to_user TEXT NOT NULL,
  wording TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, from_user, to_user)
) WITHOUT ROWID;
CREATE INDEX friend_requests_to ON friend_requests (sdk_app_id, to_user);

CREATE TABLE blacklist (
  sdk_app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  target TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, owner, target)
) WITHOUT ROWID;

CREATE TABLE conversation_seqs (
  sdk_app_id INTEGER NOT NULL,
  conversation_id TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, conversation_id)
) WITHOUT ROWID;

CREATE TABLE messages (
  sdk_app_id INTEGER NOT NULL,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  msg_key TEXT NOT NULL,
  from_user TEXT NOT NULL,
  to_user TEXT NOT NULL,
  random INTEGER NOT NULL,
  time INTEGER NOT NULL,
  body TEXT NOT NULL,
  cloud_custom_data TEXT,
  recalled_at INTEGER,
  PRIMARY KEY (sdk_app_id, conversation_id, seq)
) WITHOUT ROWID;
CREATE INDEX messages_random ON messages (sdk_app_id, from_user, random, time);
CREATE INDEX messages_time ON messages (sdk_app_id, time);

CREATE TABLE conversations (
  sdk_app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  peer TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  read_seq INTEGER NOT NULL DEFAULT 0,
  unread INTEGER NOT NULL DEFAULT 0,
  last_message TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sdk_app_id, owner, conversation_id)
) WITHOUT ROWID;
CREATE INDEX conversations_recent ON conversations (sdk_app_id, owner, updated_at DESC);
`;
