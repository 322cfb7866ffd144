/**
 * Empties a test's MongoDB database by dropping its collections, not the database itself: FerretDB on SQLite
 * (the local test services' backend before PostgreSQL, still selectable) deletes a dropped database's SQLite file
 * while other connections may still map it, which crashed the server with SIGBUS. The empty databases (SQLite
 * files, or PostgreSQL schemas) are swept by `infra/local/ferretdb.sh` on a fresh start (`up.sh`).
 */
export async function dropMongoDatabase(db: {
  collections(): Promise<{ drop(): Promise<unknown> }[]>;
}): Promise<void> {
  for (const collection of await db.collections()) await collection.drop().catch(() => {});
}
