import { randomBytes } from 'node:crypto';
import { configurationPurgeDueAt } from '@parley/privacy-policy';
import { fieldsFromIssues, ParleyError } from '@parley/protocol';
import type { SecretBox } from '@parley/secret-box';
import { genUserSig, verifyUserSig } from '@parley/usersig';
import type { AppRecord, AppStatus } from './app-record.ts';
import { AppSecrets } from './app-secrets.ts';
import type { AppStore } from './app-store.ts';
import { type AppView, type RuntimeApp, toAppView } from './app-view.ts';
import { type AppChangeListener, OpenedAppCache } from './opened-app-cache.ts';
import {
  type AppConfig,
  buildAppConfigPatchSchema,
  buildAppConfigSchema,
  mergeConfigPatch,
} from './schema/index.ts';

export interface AppConfigServiceDeps {
  store: AppStore;
  secretBox: SecretBox;
  regions: readonly [string, ...string[]];
  now?: () => number;
  /**
   * A cached app older than this is reloaded in the background (the cached copy is served meanwhile), so a change
   * whose cross-node invalidation was lost (bus down) still arrives. Default 10 s.
   */
  maxCacheAgeMs?: number;
  /**
   * Tells the other nodes about a change made through this process (the cluster broadcasts it; each node then calls
   * `invalidate`). Listeners run once per node per change whichever way it arrives first.
   */
  announce?: (sdkAppId: number, revision: number) => Promise<void>;
}

/**
 * The application-configuration service shared by the admin API and the gateway: the app lifecycle (create,
 * patch, status, secret rotation, termination) with validation, and UserSig issue and verification. Sealing is
 * AppSecrets', the per-node cache and change listeners OpenedAppCache's; changes are announced to the cluster.
 */
export class AppConfigService {
  readonly #store: AppStore;
  readonly #secrets: AppSecrets;
  readonly #now: () => number;
  readonly #schema: ReturnType<typeof buildAppConfigSchema>;
  readonly #patchSchema: ReturnType<typeof buildAppConfigPatchSchema>;
  readonly #cache: OpenedAppCache;
  readonly #announce: ((sdkAppId: number, revision: number) => Promise<void>) | undefined;

  constructor(deps: AppConfigServiceDeps) {
    this.#store = deps.store;
    this.#secrets = new AppSecrets(deps.secretBox);
    this.#now = deps.now ?? Date.now;
    this.#cache = new OpenedAppCache({
      read: (sdkAppId) => this.#record(sdkAppId),
      open: (record) => this.#secrets.open(record),
      now: this.#now,
      maxAgeMs: deps.maxCacheAgeMs ?? 10_000,
    });
    this.#announce = deps.announce;
    this.#schema = buildAppConfigSchema({ regions: deps.regions });
    this.#patchSchema = buildAppConfigPatchSchema({ regions: deps.regions });
  }

  /** Creates an app from its initial configuration, which names it (`details.name`: docs/configuration.md). */
  async create(input: unknown): Promise<{ sdkAppId: number; secretKey: string; app: AppView }> {
    const parsed = this.#patchSchema.safeParse(input === undefined ? {} : input);
    const fields = parsed.success ? [] : fieldsFromIssues(parsed.error.issues);
    if ((input as { details?: { name?: unknown } } | null | undefined)?.details?.name === undefined) {
      fields.push({ path: 'details.name', message: 'required when an app is created' });
    }
    if (!parsed.success || fields.length > 0) throw new ParleyError('CONFIG_INVALID', { fields });
    const config = this.#validateFull(mergeConfigPatch(this.#schema.parse({}), parsed.data));
    const secretKey = randomBytes(32).toString('hex');
    const now = this.#now();
    // The store allocates the SDKAppID; sealed values bind it in their AAD.
    const record = await this.#store.insert((sdkAppId) => ({
      status: 'active',
      sealedSecretKey: this.#secrets.sealSecretKey(sdkAppId, secretKey),
      config: this.#secrets.sealConfig(sdkAppId, config),
      revision: 1,
      createdAt: now,
      updatedAt: now,
      terminatedAt: null,
      purgeAt: null,
    }));
    await this.#emit(record.sdkAppId, record.revision);
    return { sdkAppId: record.sdkAppId, secretKey, app: toAppView(record) };
  }

  async list(): Promise<AppView[]> {
    return (await this.#store.list()).map((record) => toAppView(record));
  }

  /** The app as the admin API shows it, from the same cache as `runtime` (config reads cost no storage I/O). */
  async get(sdkAppId: number): Promise<AppView> {
    return this.#cache.view(await this.runtime(sdkAppId));
  }

  /** The opened app, cached in-process; invalidated on every change seen here or through the cluster. */
  runtime(sdkAppId: number): Promise<RuntimeApp> {
    return this.#cache.runtime(sdkAppId);
  }

  /** Throws APP_NOT_FOUND unless the app exists: no I/O when it is cached, and no wait on a load in flight. */
  async assertExists(sdkAppId: number): Promise<void> {
    if (!this.#cache.has(sdkAppId)) await this.#record(sdkAppId);
  }

  /** The cached app when present, without I/O (the gateway's hot path). */
  cached(sdkAppId: number): RuntimeApp | undefined {
    return this.#cache.cached(sdkAppId);
  }

  /** The app's data was deleted (retention purge): forget it here and, through the change listeners, everywhere. */
  forgetDeleted(sdkAppId: number): Promise<void> {
    return this.#emit(sdkAppId, Number.MAX_SAFE_INTEGER);
  }

  /** Forgets every cached app (e.g. the bus was cut off and may have lost invalidations); listeners re-check. */
  invalidateAll(): void {
    this.#cache.invalidateAll();
  }

  async patch(sdkAppId: number, input: unknown, expectedRevision?: number): Promise<AppView> {
    const parsed = this.#patchSchema.safeParse(input === undefined ? {} : input);
    if (!parsed.success)
      throw new ParleyError('CONFIG_INVALID', { fields: fieldsFromIssues(parsed.error.issues) });
    const record = await this.#record(sdkAppId);
    assertNotTerminated(record);
    if (expectedRevision !== undefined && expectedRevision !== record.revision) {
      throw new ParleyError('REVISION_CONFLICT');
    }
    const current = this.#secrets.openConfig(sdkAppId, record.config);
    const next = this.#validateFull(mergeConfigPatch(current, parsed.data));
    const updated = await this.#store.update(sdkAppId, record.revision, {
      config: this.#secrets.sealConfig(sdkAppId, next),
      updatedAt: this.#now(),
    });
    await this.#emit(sdkAppId, updated.revision);
    return toAppView(updated);
  }

  async setStatus(sdkAppId: number, status: Exclude<AppStatus, 'terminated'>): Promise<AppView> {
    const record = await this.#record(sdkAppId);
    assertNotTerminated(record);
    if (record.status === status) return toAppView(record);
    const updated = await this.#store.update(sdkAppId, record.revision, { status, updatedAt: this.#now() });
    await this.#emit(sdkAppId, updated.revision);
    return toAppView(updated);
  }

  async rotateSecret(sdkAppId: number): Promise<{ secretKey: string; app: AppView }> {
    const record = await this.#record(sdkAppId);
    assertNotTerminated(record);
    const secretKey = randomBytes(32).toString('hex');
    const updated = await this.#store.update(sdkAppId, record.revision, {
      sealedSecretKey: this.#secrets.sealSecretKey(sdkAppId, secretKey),
      updatedAt: this.#now(),
    });
    await this.#emit(sdkAppId, updated.revision);
    return { secretKey, app: toAppView(updated) };
  }

  /** Terminates the app; its configuration data is due for deletion 2 months later (privacy policy §6). */
  async terminate(sdkAppId: number): Promise<AppView> {
    const record = await this.#record(sdkAppId);
    if (record.status === 'terminated') return toAppView(record);
    const now = this.#now();
    const updated = await this.#store.update(sdkAppId, record.revision, {
      status: 'terminated',
      terminatedAt: now,
      purgeAt: configurationPurgeDueAt(new Date(now)).getTime(),
      updatedAt: now,
    });
    await this.#emit(sdkAppId, updated.revision);
    return toAppView(updated);
  }

  /** Issues a UserSig with the app's current key (the console convenience). */
  async issueUserSig(sdkAppId: number, userId: string, expireSeconds: number): Promise<string> {
    const app = await this.runtime(sdkAppId);
    return genUserSig({
      sdkAppId,
      secretKey: app.secretKey,
      userId,
      expireSeconds,
      now: Math.floor(this.#now() / 1000),
    });
  }

  /** Verifies a UserSig against the app's current key; throws the catalogue's USERSIG_* / APP_* errors. */
  async verifyUserSig(sdkAppId: number, userId: string, userSig: string): Promise<RuntimeApp> {
    const app = await this.runtime(sdkAppId);
    verifyUserSig({
      sdkAppId,
      secretKey: app.secretKey,
      userId,
      userSig,
      now: Math.floor(this.#now() / 1000),
    });
    return app;
  }

  /** Called once for every change, made here or on another node. */
  onChange(listener: AppChangeListener): () => void {
    return this.#cache.onChange(listener);
  }

  /** A change announced through the cluster (made here or elsewhere): drop the cached copy unless it is as new. */
  invalidate(sdkAppId: number, revision: number): void {
    this.#cache.invalidate(sdkAppId, revision);
  }

  async ping(): Promise<void> {
    await this.#store.ping();
  }

  /**
   * A change made through this process: forgotten here at once, told to the listeners, and announced to the other
   * nodes before the change is answered, so a caller that next talks to another node finds it applied there.
   */
  async #emit(sdkAppId: number, revision: number): Promise<void> {
    this.#cache.changed(sdkAppId, revision);
    await this.#announce?.(sdkAppId, revision);
  }

  async #record(sdkAppId: number): Promise<AppRecord> {
    const record = await this.#store.get(sdkAppId);
    if (!record) throw new ParleyError('APP_NOT_FOUND');
    return record;
  }

  #validateFull(config: AppConfig): AppConfig {
    const parsed = this.#schema.safeParse(config);
    if (!parsed.success)
      throw new ParleyError('CONFIG_INVALID', { fields: fieldsFromIssues(parsed.error.issues) });
    return parsed.data;
  }
}

function assertNotTerminated(record: AppRecord): void {
  if (record.status === 'terminated') throw new ParleyError('APP_TERMINATED');
}
