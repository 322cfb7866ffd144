/**
 * The callback queue's table (packages/callbacks' CallbackQueue port). IF NOT EXISTS: files made before this
 * migration have the table already, created at run time by the queue itself.
 */
export const migration002 = `
CREATE TABLE IF NOT EXISTS callback_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sdk_app_id INTEGER NOT NULL,
  command TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  opt_platform TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claim_token TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  dead_at INTEGER
);
CREATE INDEX IF NOT EXISTS callback_queue_due ON callback_queue (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS callback_queue_app ON callback_queue (sdk_app_id, state, id);
`;
