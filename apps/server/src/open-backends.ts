import { join } from 'node:path';
import type { AppStore } from '@parley/app-config';
import type { CallbackQueue } from '@parley/callbacks';
import {
  type AccountStore,
  type ConversationStore,
  type DedupWindow,
  type GroupMessageLog,
  type GroupRoutes,
  type GroupStore,
  type MessageBus,
  type MessageLog,
  type MessageStore,
  NODE_TTL_MS,
  type RateLimiter,
  type RelationStore,
  type SessionRegistry,
  type TopicStore,
} from '@parley/domain';
import {
  type EmbeddedDatabase,
  type OpenedEmbedded,
  openEmbedded,
  openMemoryCluster,
} from '@parley/storage-embedded';
import { openMongo } from '@parley/storage-mongo';
import { openMysql } from '@parley/storage-mysql';
import { openRedis } from '@parley/storage-redis';
import type { Logger } from 'pino';
import type { ServerConfig } from './server-config.ts';

/** Every port, on the backends the configuration selects: what the composition root wires into the services. */
export interface Backends {
  apps: AppStore;
  accounts: AccountStore;
  relations: RelationStore;
  /** Groups, members, applications (with the configuration: SQLite or MySQL). */
  groups: GroupStore;
  /** Community topics and per-topic read positions (with the groups: SQLite or MySQL). */
  topics: TopicStore;
  log: MessageLog;
  /** Group messages (with the message history: SQLite or MongoDB). */
  groupLog: GroupMessageLog;
  messages: MessageStore;
  conversations: ConversationStore;
  sessions: SessionRegistry;
  bus: MessageBus;
  dedup: DedupWindow;
  rateLimiter: RateLimiter;
  /** Which nodes hold online members of which groups. */
  groupRoutes: GroupRoutes;
  /** Kept next to the app configuration (SQLite or MySQL). */
  callbackQueue: CallbackQueue;
  /** Whether other nodes may exist (sessions and pushes must go through the registry and bus). */
  clustered: boolean;
  /** The embedded SQLite file, when any store uses it (the local telemetry sink keeps its tables there too). */
  embeddedDb: EmbeddedDatabase | undefined;
  /** One check per backend in use, for /readyz. */
  readiness: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

type BackendSelection = Pick<ServerConfig, 'config' | 'messages' | 'cluster' | 'dataDir' | 'migrateOnStart'>;

/** Opens each backend the selection names, once each (the embedded file is shared by every store on it). */
export async function openBackends(selection: BackendSelection, logger: Logger): Promise<Backends> {
  const closers: (() => Promise<void>)[] = [];
  const readiness: Record<string, () => Promise<void>> = {};
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  let embeddedFile: OpenedEmbedded | undefined;
  const embedded = (): OpenedEmbedded => {
    if (!embeddedFile) {
      const opened = openEmbedded({ path: join(selection.dataDir, 'parley.db') });
      embeddedFile = opened;
      closers.push(() => opened.close());
      readiness.sqlite = opened.ready;
    }
    return embeddedFile;
  };

  try {
    const config = await openConfigBackend(selection, embedded, logger);
    closers.push(config.close);
    if (config.ready) readiness.mysql = config.ready;

    const history = await openMessageBackend(selection, embedded, logger);
    closers.push(history.close);
    if (history.ready) readiness.mongo = history.ready;

    const cluster = openClusterBackend(selection, logger);
    closers.push(cluster.close);
    if (cluster.ready) readiness.redis = cluster.ready;

    return {
      apps: config.apps,
      accounts: config.accounts,
      relations: config.relations,
      groups: config.groups,
      topics: config.topics,
      callbackQueue: config.callbackQueue,
      log: history.log,
      groupLog: history.groupLog,
      messages: history.messages,
      conversations: history.conversations,
      sessions: cluster.sessions,
      bus: cluster.bus,
      dedup: cluster.dedup,
      rateLimiter: cluster.rateLimiter,
      groupRoutes: cluster.groupRoutes,
      clustered: selection.cluster.kind === 'redis',
      embeddedDb: embeddedFile?.db,
      readiness,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function openConfigBackend(
  selection: BackendSelection,
  embedded: () => OpenedEmbedded,
  logger: Logger,
) {
  switch (selection.config.kind) {
    case 'embedded': {
      const { stores, callbackQueue } = embedded();
      const { apps, accounts, relations, groups, topics } = stores;
      return {
        apps,
        accounts,
        relations,
        groups,
        topics,
        callbackQueue,
        ready: undefined,
        close: async () => {},
      };
    }
    case 'mysql': {
      const opened = await openMysql({ url: selection.config.url, migrate: selection.migrateOnStart });
      if (opened.applied.length > 0) logger.info({ applied: opened.applied }, 'mysql migrations applied');
      return opened;
    }
    default:
      throw unknownSelection(selection.config);
  }
}

async function openMessageBackend(
  selection: BackendSelection,
  embedded: () => OpenedEmbedded,
  logger: Logger,
) {
  switch (selection.messages.kind) {
    case 'embedded': {
      const { log, groupLog, messages, conversations } = embedded().stores;
      return { log, groupLog, messages, conversations, ready: undefined, close: async () => {} };
    }
    case 'mongo': {
      const opened = await openMongo({ url: selection.messages.url });
      if (!opened.historyTtl)
        logger.info('this MongoDB server has no TTL indexes: history expires by the sweeper alone');
      return opened;
    }
    default:
      throw unknownSelection(selection.messages);
  }
}

function openClusterBackend(selection: BackendSelection, logger: Logger) {
  switch (selection.cluster.kind) {
    case 'memory':
      return { ...openMemoryCluster({ nodeTtlMs: NODE_TTL_MS }), ready: undefined };
    case 'redis':
      return openRedis({
        url: selection.cluster.url,
        nodeTtlMs: NODE_TTL_MS,
        onBusError: (error) => logger.warn({ err: error }, 'bus handler failed'),
      });
    default:
      throw unknownSelection(selection.cluster);
  }
}

function unknownSelection(selection: never): Error {
  return new Error(`Unknown backend selection: ${JSON.stringify(selection)}`);
}
