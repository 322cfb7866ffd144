import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';

export interface RealServices {
  /** PARLEY_* variables pointing a Parley at the fresh databases. */
  env: Record<string, string>;
  describe: string;
  drop(): Promise<void>;
}

/**
 * Fresh databases on the real services for one bench run: MySQL `parley_bench_<random>` (the parley user may
 * create `parley%` databases), a MongoDB database of the same name, and Redis database 9 (pub/sub channels are
 * server-wide; the run's node id and user ids are its own). Undefined unless all three URLs are set. Afterwards the
 * MySQL database is dropped and the MongoDB collections are emptied away.
 */
export async function prepareRealServices(env: NodeJS.ProcessEnv): Promise<RealServices | undefined> {
  const mysqlUrl = env.PARLEY_MYSQL_URL;
  const mongoUrl = env.PARLEY_MONGO_URL;
  const redisUrl = env.PARLEY_REDIS_URL;
  if (!mysqlUrl || !mongoUrl || !redisUrl) return undefined;
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;

  const mysqlTarget = new URL(mysqlUrl);
  const admin = await mysql.createConnection({ uri: mysqlUrl });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  mysqlTarget.pathname = `/${name}`;

  const mongoTarget = new URL(mongoUrl);
  mongoTarget.pathname = `/${name}`;
  const redisTarget = new URL(redisUrl);
  redisTarget.pathname = '/9';

  return {
    env: {
      PARLEY_MYSQL_URL: mysqlTarget.toString(),
      PARLEY_MONGO_URL: mongoTarget.toString(),
      PARLEY_REDIS_URL: redisTarget.toString(),
      PARLEY_MASTER_KEY: randomBytes(32).toString('hex'),
    },
    describe: `MySQL ${mysqlTarget.host}/${name}, MongoDB ${mongoTarget.host}/${name}, Redis ${redisTarget.host}/9`,
    async drop() {
      const connection = await mysql.createConnection({ uri: mysqlUrl });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
      // Collections, not the database: FerretDB crashes when a database file vanishes under live connections;
      // infra/local/ferretdb.sh sweeps the empty parley_bench_* files on its next fresh start.
      const client = new MongoClient(mongoUrl);
      try {
        const db = client.db(name);
        for (const collection of await db.listCollections({}, { nameOnly: true }).toArray()) {
          await db.dropCollection(collection.name);
        }
      } finally {
        await client.close();
      }
    },
  };
}
