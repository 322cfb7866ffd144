import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageStore } from '@parley/domain';
import { createEmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';
import { describeMessageStoreContract } from '@parley/testing/contracts/message-store-contract.ts';

type Database = Awaited<ReturnType<typeof openEmbeddedDatabase>>;

// A database file rather than ':memory:', so `reopen` is a second connection to the same data (as a restart is).
describeMessageStoreContract('embedded (SQLite file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-embedded-messages-'));
  const path = join(dir, 'parley.db');
  const databases: Database[] = [];
  const stores: MessageStore[] = [];
  const open = async (): Promise<MessageStore> => {
    const db = await openEmbeddedDatabase(path);
    databases.push(db);
    const store = createEmbeddedStores({ db }).messages;
    stores.push(store);
    return store;
  };
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => {
      for (const store of stores) await store.close();
      for (const db of databases) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
