/**
 * Empties a test's MongoDB database by dropping its collections, not the database itself: FerretDB (the
 * MongoDB-compatible server of the local test services) deletes a dropped database's SQLite file while other
 * connections may still map it, which crashed the server with SIGBUS. The empty files are swept by
 * `infra/local/ferretdb.sh` when it next starts.
 */
export async function dropMongoDatabase(db: {
  collections(): Promise<{ drop(): Promise<unknown> }[]>;
}): Promise<void> {
  for (const collection of await db.collections()) await collection.drop().catch(() => {});
}
