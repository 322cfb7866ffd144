import { randomBytes } from 'node:crypto';
import { AppConfigService } from '@parley/app-config';
import {
  type Clock,
  Cluster,
  createGroupServices,
  GroupConversations,
  MessagingService,
  noGroupHooks,
  noMessageHooks,
  noRelationEvents,
  ProfileService,
  RelationService,
  SendClaims,
  SessionService,
  systemClock,
} from '@parley/domain';
import { createSecretBox } from '@parley/secret-box';
import {
  createEmbeddedStores,
  createMemoryDedupWindow,
  createMemoryGroupRoutes,
  createMemoryMessageBus,
  createMemoryRateLimiter,
  createMemorySessionRegistry,
  type EmbeddedDatabase,
  type EmbeddedStores,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { namedAppConfig } from '@parley/testing';
import { pino } from 'pino';
import { createGateway, type GatewayOptions } from '../../src/index.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export interface GatewayFixtureOptions {
  clock?: Clock;
  gatewayOptions?: Partial<GatewayOptions>;
  /** A SQLite file instead of `:memory:`, for tests that lock it from a second connection. */
  databasePath?: string;
  /** Wires Tencent-style callbacks as the server does (callback servers on 127.0.0.1 allowed). */
  callbacks?: boolean;
}

/** One gateway on port 0 over the embedded in-memory adapters, with the app configuration and stores beside it. */
export interface GatewayFixture {
  wsUrl: string;
  db: EmbeddedDatabase;
  stores: EmbeddedStores;
  appConfig: AppConfigService;
  cluster: Cluster;
  /** Creates an app (optionally configured); each test makes its own so tests do not share users. */
  newApp(config?: unknown): Promise<TestApp>;
  /** Closes the sockets the fixture opened, the gateway (goodbye 1001 to every client) and the stores. */
  close(): Promise<void>;
}

const NODE_ID = 'gateway-test';

/** Wires the services the way apps/server/src/start-parley.ts does, minus the admin API and telemetry. */
export async function startGateway(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const clock = options.clock ?? systemClock;
  const logger = pino({ level: process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent' });
  const onError = (error: unknown, context: object) => logger.warn({ err: error, ...context }, 'best effort');
  const db = openEmbeddedDatabase(options.databasePath ?? ':memory:');
  const stores = createEmbeddedStores({ db });
  const bus = createMemoryMessageBus();
  const registry = createMemorySessionRegistry({ nodeTtlMs: 15_000 });
  const cluster = new Cluster({
    nodeId: NODE_ID,
    bus,
    sessions: registry,
    groupRoutes: createMemoryGroupRoutes(),
    clustered: false,
    onError,
  });
  const appConfig = new AppConfigService({
    store: stores.apps,
    secretBox: createSecretBox(randomBytes(32)),
    regions: ['local'],
    now: () => clock.now(),
    announce: (sdkAppId, revision) => cluster.announceConfigChange(sdkAppId, revision),
  });
  cluster.onConfigChanged((sdkAppId, revision) => appConfig.invalidate(sdkAppId, revision));
  cluster.onRegistryLost(() => appConfig.invalidateAll());
  await cluster.start();

  // Imported only when asked for: most files need no callbacks, and their import is a third of the fixture's.
  const callbacks = options.callbacks
    ? (await import('./wire-callbacks.ts')).wireCallbacks({ db, appConfig, clock })
    : undefined;
  callbacks?.dispatcher.start();

  const { accounts, relations, conversations } = stores;
  const dedup = createMemoryDedupWindow();
  const rateLimiter = createMemoryRateLimiter();
  const groupConversations = new GroupConversations({
    groups: stores.groups,
    topics: stores.topics,
    log: stores.groupLog,
    messages: stores.messages,
  });
  const claims = new SendClaims({ dedup, sessions: registry, nodeId: NODE_ID });
  const groups = createGroupServices({
    groups: stores.groups,
    topics: stores.topics,
    log: stores.groupLog,
    messages: stores.messages,
    accounts,
    claims,
    rateLimiter,
    delivery: cluster,
    hooks: callbacks?.groupHooks ?? noGroupHooks,
    clock,
  });
  const messaging = new MessagingService({
    log: stores.log,
    messages: stores.messages,
    conversations,
    accounts,
    relations,
    claims,
    rateLimiter,
    delivery: cluster,
    hooks: callbacks?.hooks ?? noMessageHooks,
    groupConversations,
    clock,
  });
  const relationService = new RelationService({
    accounts,
    relations,
    delivery: cluster,
    events: callbacks?.relationEvents ?? noRelationEvents,
    clock,
  });
  const sessions = new SessionService({
    nodeId: NODE_ID,
    apps: appConfig,
    accounts,
    conversations,
    groupConversations,
    registry,
    cluster,
    clock,
    ...(callbacks ? { onStateChange: callbacks.onStateChange } : {}),
    onError,
  });
  const gateway = await createGateway({
    nodeId: NODE_ID,
    cluster,
    sessions,
    messaging,
    relations: relationService,
    profiles: new ProfileService({ accounts, relations, delivery: cluster }),
    groups,
    clock,
    logger,
    ...(options.gatewayOptions ? { options: options.gatewayOptions } : {}),
  });
  const address = await gateway.listen(0, '127.0.0.1');
  const wsUrl = `ws://127.0.0.1:${address.port}/v1/ws`;
  const opened: { close(): void }[] = [];

  return {
    wsUrl,
    db,
    stores,
    appConfig,
    cluster,
    async newApp(config) {
      const { sdkAppId, secretKey } = await appConfig.create(namedAppConfig(config));
      return createTestApp({ sdkAppId, secretKey, wsUrl, clock, appConfig, stores, cluster, opened });
    },
    async close() {
      for (const socket of opened) socket.close();
      await gateway.close();
      await callbacks?.close();
      await bus.close();
      if (db.open) db.close();
    },
  };
}
