import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCallbackQueueContract } from '@parley/testing/contracts/callback-queue-contract.ts';
import { createSqliteCallbackQueue, openEmbeddedDatabase } from '../src/index.ts';

describeCallbackQueueContract('sqlite', async () => {
  // A file, and a second connection on it: two processes sharing the embedded database.
  const dir = mkdtempSync(join(tmpdir(), 'parley-callback-queue-'));
  const path = join(dir, 'parley.db');
  const db = openEmbeddedDatabase(path);
  const peerDb = openEmbeddedDatabase(path);
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
