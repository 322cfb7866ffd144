import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteCallbackQueue } from '../src/index.ts';
import { describeCallbackQueueContract } from './helpers/callback-queue-contract.ts';

describeCallbackQueueContract('sqlite', async () => {
  // A file, and a second connection on it: two processes sharing the embedded database.
  const dir = mkdtempSync(join(tmpdir(), 'parley-callback-queue-'));
  const path = join(dir, 'parley.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const peerDb = new Database(path);
  peerDb.pragma('busy_timeout = 5000');
  return {
    queue: createSqliteCallbackQueue({ db }),
    peer: createSqliteCallbackQueue({ db: peerDb }),
    cleanup: async () => {
      db.close();
      peerDb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
