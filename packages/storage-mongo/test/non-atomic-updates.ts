import type { Db } from 'mongodb';

/**
 * Why the server cannot be trusted with concurrent conditional updates to one document, or undefined where it can.
 * MongoDB applies a single-document update atomically. FerretDB 1.x on its SQLite backend reads the matching
 * documents, applies the filter and update in Go and writes each whole document back, so two concurrent updates
 * of one document (two connections, two nodes) can lose one. Its startup log names the backend.
 */
export async function nonAtomicUpdatesReason(db: Db): Promise<string | undefined> {
  const admin = db.admin();
  if (!('ferretdbVersion' in (await admin.command({ buildInfo: 1 })))) return undefined;
  const { log } = (await admin.command({ getLog: 'startupWarnings' })) as { log: string[] };
  if (!log.some((line) => line.includes('SQLite'))) return undefined;
  return 'FerretDB 1.x on SQLite applies no conditional update atomically across connections';
}
