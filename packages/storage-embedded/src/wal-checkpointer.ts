import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { EmbeddedDatabase } from './open-embedded-database.ts';

/** The worker's code: its own connection to the same file, checkpointing the WAL on a timer. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that crosses the
 * threshold, copying pages and fsyncing on the thread that serves every socket; here it is turned off for `db` and a
 * worker thread checkpoints (PASSIVE: never blocks writers) every `intervalMs`. Durability is unchanged: a commit is
 * in the WAL either way.
 */
export function startWalCheckpointer(
  db: EmbeddedDatabase,
  path: string,
  intervalMs = 1_000,
): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', () => worker.terminate().then(done, done));
        worker.once('error', done);
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
