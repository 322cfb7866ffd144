import type { CallbackQueue } from '@parley/callbacks';
import { createEmbeddedStores, type EmbeddedStores } from './create-embedded-stores.ts';
import { type EmbeddedDatabase, openEmbeddedDatabase } from './open-embedded-database.ts';
import { createSqliteCallbackQueue } from './sqlite-callback-queue.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

/** Everything the embedded default keeps in its one SQLite file, and how to check and close it. */
export interface OpenedEmbedded {
  stores: EmbeddedStores;
  callbackQueue: CallbackQueue;
  /** The file itself, for the local telemetry sink's tables. */
  db: EmbeddedDatabase;
  /** Rejects when the file does not answer (/readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Opens (migrating) the embedded default's SQLite file at `path`, with its WAL checkpointer. */
export function openEmbedded({ path }: { path: string }): OpenedEmbedded {
  const db = openEmbeddedDatabase(path);
  const checkpointer = startWalCheckpointer(db, path);
  return {
    stores: createEmbeddedStores({ db }),
    callbackQueue: createSqliteCallbackQueue({ db }),
    db,
    ready: async () => {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await checkpointer.stop();
      db.close();
    },
  };
}
