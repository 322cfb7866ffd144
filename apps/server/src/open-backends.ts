import { join } from 'node:path';
import type { AppStore } from '@parley/app-config';
import type {
  AccountStore,
  ConversationStore,
  DedupWindow,
  MessageBus,
  MessageLog,
  MessageStore,
  RateLimiter,
  RelationStore,
  SessionRegistry,
} from '@parley/domain';
import {
  type EmbeddedDatabase,
  createEmbeddedStores,
  createMemoryDedupWindow,
  createMemoryMessageBus,
  createMemoryRateLimiter,
  createMemorySessionRegistry,
  openEmbeddedDatabase,
  startWalCheckpointer,
} from '@parley/storage-embedded';
import {
  connectMongo,
  createMongoConversationStore,
  createMongoMessageLog,
  createMongoMessageStore,
  ensureMongoIndexes,
} from '@parley/storage-mongo';
import {
  connectMysql,
  createMysqlAccountStore,
  createMysqlAppStore,
  createMysqlRelationStore,
  runMysqlMigrations,
} from '@parley/storage-mysql';
import {
  connectRedis,
  createRedisDedupWindow,
  createRedisMessageBus,
  createRedisRateLimiter,
  createRedisSessionRegistry,
} from '@parley/storage-redis';
import type { Pool } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { ServerConfig } from './server-config.ts';

/** Every port, on the backends the configuration selects. */
export interface Backends {
  apps: AppStore;
  accounts: AccountStore;
  relations: RelationStore;
  log: MessageLog;
  messages: MessageStore;
  conversations: ConversationStore;
  sessions: SessionRegistry;
  bus: MessageBus;
  dedup: DedupWindow;
  rateLimiter: RateLimiter;
  /** Whether other nodes may exist (sessions and pushes must go through the registry and bus). */
  clustered: boolean;
  /** The embedded SQLite file, when any store uses it (telemetry and callbacks keep their tables there too). */
  embeddedDb: EmbeddedDatabase | undefined;
  mysqlPool: Pool | undefined;
  readiness: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

const NODE_TTL_MS = 15_000;

export async function openBackends(config: ServerConfig, logger: Logger): Promise<Backends> {
  const closers: (() => Promise<void>)[] = [];
  const readiness: Record<string, () => Promise<void>> = {};
  let embeddedDb: EmbeddedDatabase | undefined;
  const embedded = () => {
    if (!embeddedDb) {
      const path = join(config.dataDir, 'parley.db');
      const db = openEmbeddedDatabase(path);
      embeddedDb = db;
      const checkpointer = startWalCheckpointer(db, path);
      closers.push(async () => {
        await checkpointer.stop();
        db.close();
      });
      readiness.sqlite = async () => {
        db.prepare('SELECT 1').get();
      };
    }
    return createEmbeddedStores({ db: embeddedDb });
  };

  try {
    let apps: AppStore;
    let accounts: AccountStore;
    let relations: RelationStore;
    let mysqlPool: Pool | undefined;
    switch (config.config.kind) {
      case 'embedded': {
        const stores = embedded();
        ({ apps, accounts, relations } = stores);
        break;
      }
      case 'mysql': {
        const pool = connectMysql(config.config.url);
        mysqlPool = pool;
        closers.push(() => pool.end());
        if (config.migrateOnStart) {
          const applied = await runMysqlMigrations(pool);
          if (applied.length > 0) logger.info({ applied }, 'mysql migrations applied');
        }
        apps = createMysqlAppStore({ pool });
        accounts = createMysqlAccountStore({ pool });
        relations = createMysqlRelationStore({ pool });
        readiness.mysql = () => apps.ping();
        break;
      }
      default:
        throw unknownSelection(config.config);
    }

    let log: MessageLog;
    let messages: MessageStore;
    let conversations: ConversationStore;
    switch (config.messages.kind) {
      case 'embedded': {
        const stores = embedded();
        ({ log, messages, conversations } = stores);
        break;
      }
      case 'mongo': {
        const { client, db } = await connectMongo(config.messages.url);
        closers.push(() => client.close());
        const { historyTtl } = await ensureMongoIndexes(db);
        if (!historyTtl)
          logger.info('this MongoDB server has no TTL indexes: history expires by the sweeper alone');
        const rows = createMongoMessageStore({ db, historyTtl });
        const entries = createMongoConversationStore({ db });
        log = createMongoMessageLog({ messages: rows, conversations: entries });
        messages = rows;
        conversations = entries;
        readiness.mongo = async () => void (await db.command({ ping: 1 }));
        break;
      }
      default:
        throw unknownSelection(config.messages);
    }

    let sessions: SessionRegistry;
    let bus: MessageBus;
    let dedup: DedupWindow;
    let rateLimiter: RateLimiter;
    switch (config.cluster.kind) {
      case 'memory':
        sessions = createMemorySessionRegistry({ nodeTtlMs: NODE_TTL_MS });
        bus = createMemoryMessageBus();
        dedup = createMemoryDedupWindow();
        rateLimiter = createMemoryRateLimiter();
        break;
      case 'redis': {
        const redis = connectRedis(config.cluster.url);
        const subscriber = connectRedis(config.cluster.url);
        closers.push(async () => {
          redis.disconnect();
          subscriber.disconnect();
        });
        sessions = createRedisSessionRegistry({
          redis,
          keyPrefix: 'parley:sessions:',
          nodeTtlMs: NODE_TTL_MS,
        });
        bus = createRedisMessageBus({
          publisher: redis,
          subscriber,
          channelPrefix: 'parley:bus:',
          onHandlerError: (error) => logger.warn({ err: error }, 'bus handler failed'),
        });
        dedup = createRedisDedupWindow({ redis, keyPrefix: 'parley:dedup:' });
        rateLimiter = createRedisRateLimiter({ redis, keyPrefix: 'parley:rate:' });
        readiness.redis = async () => void (await redis.ping());
        break;
      }
      default:
        throw unknownSelection(config.cluster);
    }

    return {
      apps,
      accounts,
      relations,
      log,
      messages,
      conversations,
      sessions,
      bus,
      dedup,
      rateLimiter,
      clustered: config.cluster.kind === 'redis',
      embeddedDb,
      mysqlPool,
      readiness,
      async close() {
        await bus.close();
        for (const close of closers.reverse()) await close().catch(() => {});
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}

function unknownSelection(selection: never): Error {
  return new Error(`Unknown backend selection: ${JSON.stringify(selection)}`);
}
