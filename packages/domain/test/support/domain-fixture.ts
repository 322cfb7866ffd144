import { randomBytes } from 'node:crypto';
import { AppConfigService, type RuntimeApp } from '@parley/app-config';
import { c2cConversationId, type MessageElement, type Platform } from '@parley/protocol';
import { createSecretBox } from '@parley/secret-box';
import {
  createEmbeddedStores,
  createMemoryDedupWindow,
  createMemoryGroupRoutes,
  createMemoryMessageBus,
  createMemoryRateLimiter,
  createMemorySessionRegistry,
  type EmbeddedStores,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import { namedAppConfig } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import {
  type Actor,
  AdminMessaging,
  Cluster,
  type ClusterDeps,
  createGroupServices,
  GroupConversations,
  type GroupServiceDeps,
  type GroupServices,
  MessagingService,
  type MessagingServiceDeps,
  noGroupHooks,
  RelationService,
  SendClaims,
  type SessionRecord,
  SessionService,
  type SessionServiceDeps,
} from '../../src/index.ts';
import {
  HooksDouble,
  LocalSessionRecorder,
  PushRecorder,
  RelationEventsRecorder,
  TestClock,
} from './doubles.ts';

export const NODE = 'node-a';

/**
 * The domain over the embedded adapters: SQLite in memory, the in-process registry, bus, dedup window and rate
 * limiter, a real AppConfigService, and a hand-moved clock. Test doubles only at the outbound edges (pushes,
 * callbacks, sockets). Each service is built on demand; call `close()` after each test.
 */
export function createDomainFixture() {
  const clock = new TestClock();
  const db = openEmbeddedDatabase(':memory:');
  const stores: EmbeddedStores = createEmbeddedStores({ db });
  const registry = createMemorySessionRegistry({ clock });
  const bus = createMemoryMessageBus();
  const rateLimiter = createMemoryRateLimiter({ clock });
  const dedup = createMemoryDedupWindow({ clock });
  const groupRoutes = createMemoryGroupRoutes();
  const secretBox = createSecretBox(randomBytes(32));
  const pushes = new PushRecorder();
  const hooks = new HooksDouble();
  const relationEvents = new RelationEventsRecorder();
  const errors: { error: unknown; what: string }[] = [];
  const onError = (error: unknown, context: { what: string }) => errors.push({ error, what: context.what });

  /** An AppConfigService over the shared app store (one per node in cluster tests). */
  const newAppConfig = (announce?: (sdkAppId: number, revision: number) => Promise<void>) =>
    new AppConfigService({
      store: stores.apps,
      secretBox,
      regions: ['local'],
      now: () => clock.now(),
      ...(announce ? { announce } : {}),
    });
  const appConfig = newAppConfig();

  const fixture = {
    clock,
    stores,
    registry,
    bus,
    appConfig,
    pushes,
    hooks,
    relationEvents,
    errors,
    newAppConfig,

    /** A new active app with `config` merged over the defaults, and its users imported. */
    async newApp(config: unknown = {}, users: string[] = ['alice', 'bob']) {
      const { sdkAppId, secretKey } = await appConfig.create(namedAppConfig(config));
      if (users.length > 0) await fixture.importUsers(sdkAppId, ...users);
      return { sdkAppId, secretKey };
    },

    async importUsers(sdkAppId: number, ...userIds: string[]): Promise<void> {
      await stores.accounts.importAccounts(
        sdkAppId,
        userIds.map((userId) => ({ userId })),
        clock.now(),
      );
    },

    /** Stores a message straight through the message log (no service rules), by default at the current time. */
    async appendMessage(sdkAppId: number, from: string, to: string, time = clock.now(), random = 1) {
      return stores.log.append({
        sdkAppId,
        conversationId: c2cConversationId(from, to),
        from,
        to,
        random,
        time,
        body: text(`${from} to ${to}`),
      });
    },

    /** Changes the app's configuration the way the admin API does. */
    async configure(sdkAppId: number, patch: unknown): Promise<RuntimeApp> {
      await appConfig.patch(sdkAppId, patch);
      return appConfig.runtime(sdkAppId);
    },

    /** The actor of one op, with the app as it is now. */
    async actor(
      sdkAppId: number,
      userId: string,
      options: { instanceId?: string; platform?: Platform } = {},
    ): Promise<Actor> {
      return {
        app: await appConfig.runtime(sdkAppId),
        userId,
        instanceId: options.instanceId ?? `${userId}-1`,
        platform: options.platform ?? 'ios',
        clientIp: '203.0.113.7',
      };
    },

    userSig(app: { sdkAppId: number; secretKey: string }, userId: string): string {
      return genUserSig({
        sdkAppId: app.sdkAppId,
        secretKey: app.secretKey,
        userId,
        expireSeconds: 86_400,
        now: Math.floor(clock.now() / 1000),
      });
    },

    /** This node's send claims over the shared dedup window (another node's: pass its ID). */
    claims(nodeId: string = NODE): SendClaims {
      return new SendClaims({ dedup, sessions: registry, nodeId });
    },

    messaging(overrides: Partial<MessagingServiceDeps> = {}): MessagingService {
      return new MessagingService({
        log: stores.log,
        messages: stores.messages,
        conversations: stores.conversations,
        accounts: stores.accounts,
        relations: stores.relations,
        claims: fixture.claims(),
        rateLimiter,
        delivery: pushes,
        hooks,
        groupConversations: fixture.groupConversations(),
        clock,
        ...overrides,
      });
    },

    /** The admin's one-to-one operations over the same stores. */
    adminMessaging(): AdminMessaging {
      return new AdminMessaging({
        log: stores.log,
        messages: stores.messages,
        conversations: stores.conversations,
        accounts: stores.accounts,
        delivery: pushes,
        hooks,
        groupConversations: fixture.groupConversations(),
        clock,
      });
    },

    groupConversations(): GroupConversations {
      return new GroupConversations({
        groups: stores.groups,
        topics: stores.topics,
        log: stores.groupLog,
        messages: stores.messages,
      });
    },

    /** The group services over the same stores, delivering through `delivery` (a cluster, or the recorder). */
    groupServices(overrides: Partial<GroupServiceDeps> = {}): GroupServices {
      return createGroupServices({
        groups: stores.groups,
        topics: stores.topics,
        log: stores.groupLog,
        messages: stores.messages,
        accounts: stores.accounts,
        claims: fixture.claims(),
        rateLimiter,
        delivery: fixture.cluster(),
        hooks: noGroupHooks,
        clock,
        ...overrides,
      });
    },

    relations(): RelationService {
      return new RelationService({
        accounts: stores.accounts,
        relations: stores.relations,
        delivery: pushes,
        events: relationEvents,
        clock,
      });
    },

    cluster(overrides: Partial<ClusterDeps> = {}): Cluster {
      return new Cluster({
        nodeId: NODE,
        bus,
        sessions: registry,
        groupRoutes,
        clustered: false,
        onError,
        ...overrides,
      });
    },

    sessions(cluster: Cluster, overrides: Partial<SessionServiceDeps> = {}): SessionService {
      return new SessionService({
        nodeId: NODE,
        apps: appConfig,
        accounts: stores.accounts,
        conversations: stores.conversations,
        groupConversations: fixture.groupConversations(),
        registry,
        cluster,
        clock,
        onError,
        ...overrides,
      });
    },

    /** A socket of `userId` connected to `cluster`'s node: registered in the registry and in its local sessions. */
    async connect(
      cluster: Cluster,
      record: Pick<SessionRecord, 'sdkAppId' | 'userId' | 'instanceId' | 'nodeId'> & { platform?: Platform },
    ): Promise<LocalSessionRecorder> {
      const session = new LocalSessionRecorder({
        platform: 'ios',
        connectedAt: clock.now(),
        ...record,
      });
      await registry.register(session.record, () => [], 1_000);
      cluster.local.add(session);
      return session;
    },

    async close(): Promise<void> {
      await bus.close();
      db.close();
    },
  };
  return fixture;
}

export type DomainFixture = ReturnType<typeof createDomainFixture>;

/** A one-element text body in Tencent's format. */
export function text(value: string): MessageElement[] {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
}
