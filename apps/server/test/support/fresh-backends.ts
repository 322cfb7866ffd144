import { randomBytes, randomInt } from 'node:crypto';
import { migrate } from '@parley/storage-mysql';
import { dropMongoDatabase, realServiceUrl } from '@parley/testing';
import { MongoClient } from 'mongodb';
import { createConnection } from 'mysql2/promise';

/** The real services' URLs, or undefined when one is missing (never in CI: realServiceUrl throws there). */
export function realServiceUrls(): { mysql: string; mongo: string; redis: string } | undefined {
  const mysql = realServiceUrl('mysql');
  const mongo = realServiceUrl('mongo');
  const redis = realServiceUrl('redis');
  return mysql && mongo && redis ? { mysql, mongo, redis } : undefined;
}

/** A Parley deployment's own databases on the shared services, and the environment that selects them. */
export interface FreshBackends {
  /** PARLEY_MYSQL_URL, PARLEY_MONGO_URL, PARLEY_REDIS_URL, PARLEY_MASTER_KEY, PARLEY_OPERATOR_TOKEN. */
  env: Record<string, string>;
  operatorToken: string;
  mysqlDatabase: string;
  mongoDatabase: string;
  /** Drops both databases. Redis is shared: tests isolate there by their own SDKAppIDs. */
  drop(): Promise<void>;
}

/**
 * Creates `parley_test_<random>` on MariaDB (the `parley` user may create `parley%` databases) and picks an
 * unused Mongo database name, so parallel test files never see each other's apps or messages.
 */
export async function createFreshBackends(urls: {
  mysql: string;
  mongo: string;
  redis: string;
}): Promise<FreshBackends> {
  const suffix = randomBytes(6).toString('hex');
  const mysqlDatabase = `parley_test_${suffix}`;
  const mongoDatabase = `parley_test_${suffix}`;
  const mysqlUrl = withPath(urls.mysql, mysqlDatabase);
  const mongoUrl = withPath(urls.mongo, mongoDatabase);

  const admin = await createConnection({ uri: withPath(urls.mysql, '') });
  try {
    await admin.query(`CREATE DATABASE \`${mysqlDatabase}\``);
  } finally {
    await admin.end();
  }
  // Every fresh database would hand out SDKAppID 1400000000 first, and Redis keys are per SDKAppID: test files
  // running side by side on the one Redis would share sessions, dedup and rate keys. A random start avoids it.
  try {
    await migrate(mysqlUrl);
    const ids = await createConnection({ uri: mysqlUrl });
    try {
      await ids.query(`ALTER TABLE app_ids AUTO_INCREMENT = ${randomSdkAppIdStart()}`);
    } finally {
      await ids.end();
    }
  } catch (error) {
    await dropMysqlDatabase(urls.mysql, mysqlDatabase).catch(() => {});
    throw error;
  }

  const operatorToken = randomBytes(24).toString('base64url');
  return {
    env: {
      PARLEY_MYSQL_URL: mysqlUrl,
      PARLEY_MONGO_URL: mongoUrl,
      PARLEY_REDIS_URL: urls.redis,
      PARLEY_MASTER_KEY: randomBytes(32).toString('hex'),
      PARLEY_OPERATOR_TOKEN: operatorToken,
    },
    operatorToken,
    mysqlDatabase,
    mongoDatabase,
    async drop() {
      const failures: unknown[] = [];
      await dropMysqlDatabase(urls.mysql, mysqlDatabase).catch((error: unknown) => failures.push(error));
      const mongo = new MongoClient(urls.mongo, { serverSelectionTimeoutMS: 5_000 });
      try {
        await dropMongoDatabase(mongo.db(mongoDatabase));
      } catch (error) {
        failures.push(error);
      } finally {
        await mongo.close().catch(() => {});
      }
      if (failures.length > 0) throw new AggregateError(failures, 'dropping the test databases failed');
    },
  };
}

async function dropMysqlDatabase(url: string, database: string): Promise<void> {
  const connection = await createConnection({ uri: withPath(url, '') });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}

/** A start for the SDKAppID sequence between 1.5e9 and 4e9, in steps of 1000 (apps a test creates fit between). */
function randomSdkAppIdStart(): number {
  return 1_500_000_000 + 1000 * randomInt(2_500_000);
}

/** The URL with its path (the database name) replaced. */
function withPath(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
