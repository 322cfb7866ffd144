import { randomBytes } from 'node:crypto';
import { connectMongo, ensureMongoIndexes, type MongoConnection } from '@parley/storage-mongo';
import { dropMongoDatabase } from '@parley/testing';

/** A database of its own for one test file, so parallel files never collide; dropped by `drop()`. */
export interface FreshMongoDb {
  dbName: string;
  /** The file's main connection. */
  main: MongoConnection;
  /** Another client on the same database, as a second node would have; closed by `drop()` or by the caller. */
  connectAgain(): Promise<MongoConnection>;
  /** Drops the database and closes every client opened here. */
  drop(): Promise<void>;
}

export async function openFreshMongoDb(url: string): Promise<FreshMongoDb> {
  const dbName = `parley_test_${randomBytes(6).toString('hex')}`;
  const opened: MongoConnection[] = [];
  const connectAgain = async () => {
    const connection = await connectMongo(url, { dbName });
    opened.push(connection);
    return connection;
  };
  const main = await connectAgain();
  await ensureMongoIndexes(main.db);
  return {
    dbName,
    main,
    connectAgain,
    drop: async () => {
      // Every connection closed first, then the collections dropped: see dropMongoDatabase.
      for (const connection of opened) if (connection !== main) await connection.client.close();
      await dropMongoDatabase(main.db);
      await main.client.close();
    },
  };
}
