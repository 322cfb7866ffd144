import { randomBytes } from 'node:crypto';
import { AppConfigService, type AppStore, type AppView } from '@parley/app-config';
import type { CallbackQueue } from '@parley/callbacks';
import { createSecretBox } from '@parley/secret-box';
import {
  createEmbeddedStores,
  createSqliteCallbackQueue,
  type EmbeddedDatabase,
  type EmbeddedStores,
  openEmbeddedDatabase,
} from '@parley/storage-embedded';
import {
  createLocalTelemetrySink,
  createTelemetry,
  type InterfaceCall,
  type LocalTelemetrySink,
  registerTelemetryMetrics,
  type Telemetry,
} from '@parley/telemetry';
import { genUserSig } from '@parley/usersig';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { buildAdminApi } from '../../src/index.ts';
import { GroupNode, type RecordingSession } from './group-node.ts';
import type { CreateReply, ErrorReply } from './replies.ts';

/** 31 January: terminating at this instant shows calendar-month arithmetic (purge on 31 March). */
export const START_TIME = Date.UTC(2025, 0, 31, 9, 30, 0);
export const REGIONS = ['local', 'eu'] as const;

export interface AdminApiFixtureOptions {
  /** Extra readiness checks next to the real SQLite one. */
  readiness?: Record<string, () => Promise<void>>;
  /** Wraps the real SQLite app store, e.g. to hold a read back and reproduce an interleaving. */
  wrapAppStore?: (store: AppStore) => AppStore;
}

export interface InjectOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** The whole Authorization header value (see `operator` and `appAdmin`). */
  auth?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `json` is the parsed body as the caller expects it to be; the test's expect() calls check it. */
export interface InjectResult<Body = ErrorReply> {
  status: number;
  headers: Record<string, unknown>;
  /** The raw body, for "never in clear anywhere" checks. */
  text: string;
  json: Body;
}

export interface CreatedApp {
  sdkAppId: number;
  secretKey: string;
}

export interface CreatedAppWithView extends CreatedApp {
  /** The app as the creation reply showed it. */
  view: AppView;
}

/**
 * The admin API on real embedded stores (in-memory SQLite) with the embedded default's telemetry (the local
 * SQLite sink, serving monitoring, and a metrics registry), a settable clock and every pino line captured.
 * Every secret the tests handle is remembered, so `assertLogsClean()` can prove none reached a log line.
 */
export class AdminApiFixture {
  readonly operatorToken = `op-${randomBytes(24).toString('hex')}`;
  readonly db: EmbeddedDatabase;
  readonly appConfig: AppConfigService;
  readonly logLines: string[] = [];
  /** What onAccountsDeleted (the gateway notification) received. */
  readonly deletedAccounts: { sdkAppId: number; userIds: string[] }[] = [];
  /** Every interface call the API reported to telemetry. */
  readonly calls: InterfaceCall[] = [];
  readonly telemetrySink: LocalTelemetrySink;
  readonly telemetry: Telemetry;
  readonly stores: EmbeddedStores;
  readonly callbackQueue: CallbackQueue;
  readonly groups: GroupNode;
  #now = START_TIME;
  #api: FastifyInstance | undefined;
  readonly #logSecrets = new Set<string>();
  readonly #responseSecrets = new Set<string>();

  readonly #options: AdminApiFixtureOptions;

  constructor(options: AdminApiFixtureOptions = {}) {
    this.#options = options;
    this.db = openEmbeddedDatabase(':memory:');
    this.stores = createEmbeddedStores({ db: this.db });
    this.callbackQueue = createSqliteCallbackQueue({ db: this.db });
    this.appConfig = new AppConfigService({
      store: options.wrapAppStore ? options.wrapAppStore(this.stores.apps) : this.stores.apps,
      secretBox: createSecretBox(randomBytes(32)),
      regions: REGIONS,
      now: () => this.#now,
    });
    this.groups = new GroupNode(this.stores, () => this.#now);
    this.telemetrySink = createLocalTelemetrySink({ db: this.db, now: () => this.#now });
    this.telemetry = createTelemetry({ sink: this.telemetrySink, now: () => this.#now });
    this.rememberConfigSecret(this.operatorToken);
  }

  async start(): Promise<this> {
    const db = this.db;
    await this.telemetrySink.start();
    await this.groups.start();
    // Without Node's default metrics: their collectors would outlive each test's fixture.
    const metrics = new Registry();
    registerTelemetryMetrics(metrics, this.telemetrySink);
    this.#api = await buildAdminApi({
      appConfig: this.appConfig,
      accounts: this.stores.accounts,
      relations: this.stores.relations,
      groups: this.stores.groups,
      groupServices: this.groups.services,
      operatorToken: this.operatorToken,
      regions: REGIONS,
      logger: pino({ level: 'trace' }, { write: (line: string) => void this.logLines.push(line) }),
      readiness: {
        sqlite: async () => void db.prepare('SELECT 1').get(),
        ...this.#options.readiness,
      },
      onAccountsDeleted: (sdkAppId, userIds) => void this.deletedAccounts.push({ sdkAppId, userIds }),
      recordCall: (call) => {
        this.calls.push(call);
        this.telemetry.record(call);
      },
      monitoring: this.telemetrySink,
      metrics,
      callbackQueue: this.callbackQueue,
      now: () => this.#now,
    });
    return this;
  }

  get api(): FastifyInstance {
    if (!this.#api) throw new Error('call start() first');
    return this.#api;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  setNow(ms: number): void {
    this.#now = ms;
  }

  get operator(): string {
    return `Bearer ${this.operatorToken}`;
  }

  /** `UserSig <identifier> <sig>`, signed with the app’s key (or `options.secretKey`) at the fixture’s clock. */
  appAdmin(
    app: CreatedApp,
    identifier = 'administrator',
    options: { expireSeconds?: number; secretKey?: string; sdkAppId?: number } = {},
  ): string {
    const userSig = genUserSig({
      sdkAppId: options.sdkAppId ?? app.sdkAppId,
      secretKey: options.secretKey ?? app.secretKey,
      userId: identifier,
      expireSeconds: options.expireSeconds ?? 3600,
      now: Math.floor(this.#now / 1000),
    });
    this.rememberSecret(userSig);
    return `UserSig ${identifier} ${userSig}`;
  }

  /** A session of `userId`, receiving the pushes of the user's groups. */
  online(sdkAppId: number, userId: string): Promise<RecordingSession> {
    return this.groups.online(sdkAppId, userId);
  }

  /** A value that must appear in no log line. */
  rememberSecret(value: string): void {
    this.#logSecrets.add(value);
  }

  /** A value that must appear in no log line and no response body (config secrets, the operator token). */
  rememberConfigSecret(value: string): void {
    this.#logSecrets.add(value);
    this.#responseSecrets.add(value);
  }

  async inject<Body = ErrorReply>(options: InjectOptions): Promise<InjectResult<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== undefined) headers.authorization = options.auth;
    const response = await this.api.inject({
      method: options.method,
      url: options.url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    const text = response.body;
    // Returned secret keys and UserSigs are secrets too, from here on.
    const json: unknown = text === '' ? undefined : safeParse(text);
    collectSecrets(json, (value) => this.rememberSecret(value));
    for (const secret of this.#responseSecrets) {
      if (text.includes(secret)) {
        throw new Error(`${options.method} ${options.url}: a secret appears in clear in the response body`);
      }
    }
    return { status: response.statusCode, headers: response.headers, text, json: json as Body };
  }

  /** Creates an app as the operator (named "Test app" unless `config` names it); throws unless it answers 201. */
  async createApp(config: Record<string, unknown> = {}): Promise<CreatedAppWithView> {
    const details = { name: 'Test app', ...(config.details as object | undefined) };
    const created = await this.inject<CreateReply>({
      method: 'POST',
      url: '/v1/apps',
      auth: this.operator,
      body: { ...config, details },
    });
    if (created.status !== 201) throw new Error(`create app: ${created.status} ${created.text}`);
    return { sdkAppId: created.json.sdkAppId, secretKey: created.json.secretKey, view: created.json.app };
  }

  /** Fails when a remembered secret or a query string reached any log line. */
  assertLogsClean(): void {
    for (const line of this.logLines) {
      for (const secret of this.#logSecrets) {
        if (line.includes(secret)) throw new Error(`a secret reached a log line: ${redact(line, secret)}`);
      }
      if (line.includes('?')) throw new Error(`a query string may have reached a log line: ${line}`);
    }
  }

  async close(): Promise<void> {
    await this.#api?.close();
    await this.telemetry.close();
    await this.telemetrySink.close();
    await this.groups.close();
    if (this.db.open) this.db.close();
  }
}

/** Builds and starts a fixture; pair with `close()` in afterEach. */
export async function startAdminApi(options: AdminApiFixtureOptions = {}): Promise<AdminApiFixture> {
  return new AdminApiFixture(options).start();
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function collectSecrets(value: unknown, remember: (secret: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, remember);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'secretKey' || key === 'userSig') && typeof child === 'string') remember(child);
    else collectSecrets(child, remember);
  }
}

function redact(line: string, secret: string): string {
  return line.replaceAll(secret, '<SECRET>');
}
