import Database from 'better-sqlite3';
import { migration001 } from './migrations/001-initial.ts';
import { migration002 } from './migrations/002-callback-queue.ts';
import { migration003 } from './migrations/003-groups.ts';
import { migration004 } from './migrations/004-message-mentions.ts';
import { migration005 } from './migrations/005-conversation-missing-seqs.ts';
import { migration006 } from './migrations/006-topics.ts';
import { migration007 } from './migrations/007-account-profiles.ts';
import { createPrivateFile } from './private-file.ts';

export type EmbeddedDatabase = Database.Database;

/** Versioned migrations; other packages sharing the file (telemetry, callbacks) keep their own tables. */
const migrations: readonly { version: number; sql: string }[] = [
  { version: 1, sql: migration001 },
  { version: 2, sql: migration002 },
  { version: 3, sql: migration003 },
  { version: 4, sql: migration004 },
  { version: 5, sql: migration005 },
  { version: 6, sql: migration006 },
  { version: 7, sql: migration007 },
];

/**
 * Opens (creating if needed) the embedded default's SQLite file with the schema applied.
 * WAL with synchronous=NORMAL: a committed transaction survives a crash of the process (what "acknowledged"
 * promises here); only a power loss may drop the last few, which FULL would prevent at a large write cost.
 */
export function openEmbeddedDatabase(path: string): EmbeddedDatabase {
  if (path !== ':memory:') createPrivateFile(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (row) => row.version,
    ),
  );
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        migration.version,
        Date.now(),
      );
    }).immediate();
  }
  return db;
}
