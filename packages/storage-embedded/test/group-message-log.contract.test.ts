import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGroupMessageLogContract } from '@parley/testing/contracts/group-message-log-contract.ts';
import { createEmbeddedStores, type EmbeddedDatabase, openEmbeddedDatabase } from '../src/index.ts';

// A database file, so `reopen` is a second connection to the same data (as a second process would have).
describeGroupMessageLogContract('embedded (SQLite file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-embedded-group-log-'));
  const path = join(dir, 'parley.db');
  const opened: EmbeddedDatabase[] = [];
  const open = () => {
    const db = openEmbeddedDatabase(path);
    opened.push(db);
    return createEmbeddedStores({ db });
  };
  const { groupLog, messages } = open();
  return {
    log: groupLog,
    messages,
    reopen: async () => open().groupLog,
    cleanup: async () => {
      for (const db of opened) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
