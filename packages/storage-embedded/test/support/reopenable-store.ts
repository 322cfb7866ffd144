import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStores, type EmbeddedStores, openEmbeddedDatabase } from '@parley/storage-embedded';

/**
 * A contract fixture on a database file rather than ':memory:', so `reopen` is a second connection to the same
 * data (as a restart, or a second process, is).
 */
export async function reopenableStore<K extends Exclude<keyof EmbeddedStores, 'log' | 'groupLog'>>(kind: K) {
  const dir = mkdtempSync(join(tmpdir(), `parley-embedded-${kind}-`));
  const path = join(dir, 'parley.db');
  const opened: { db: ReturnType<typeof openEmbeddedDatabase>; store: EmbeddedStores[K] }[] = [];
  const open = async (): Promise<EmbeddedStores[K]> => {
    const db = openEmbeddedDatabase(path);
    const store = createEmbeddedStores({ db })[kind];
    opened.push({ db, store });
    return store;
  };
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => {
      for (const { store } of opened) await store.close();
      for (const { db } of opened) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
