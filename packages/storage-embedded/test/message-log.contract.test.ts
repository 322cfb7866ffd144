import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMessageLogContract } from '@parley/testing/contracts/message-log-contract.ts';
import { createEmbeddedStores, openEmbeddedDatabase } from '../src/index.ts';

describeMessageLogContract('embedded (SQLite file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-embedded-log-'));
  const db = openEmbeddedDatabase(join(dir, 'parley.db'));
  const { log, messages, conversations } = createEmbeddedStores({ db });
  return {
    log,
    messages,
    conversations,
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
