import type { AppRecord } from './app-record.ts';
import { type AppView, type RuntimeApp, toAppView } from './app-view.ts';

export type AppChangeListener = (sdkAppId: number, revision: number) => void;

export interface OpenedAppCacheDeps {
  /** Reads the app's record (throws APP_NOT_FOUND when there is none). */
  read(sdkAppId: number): Promise<AppRecord>;
  /** Opens a record's secrets. */
  open(record: AppRecord): RuntimeApp;
  now: () => number;
  /** A cached app older than this is reloaded in the background while the cached copy is served. */
  maxAgeMs: number;
}

/**
 * This process's opened apps (secrets in clear) and their admin views, made once per revision, with the change
 * listeners: each change reaches them once per node, whichever way it arrives first (made here, announced by the
 * cluster, or found by a revalidation).
 */
export class OpenedAppCache {
  readonly #d: OpenedAppCacheDeps;
  readonly #cache = new Map<number, RuntimeApp>();
  readonly #loading = new Map<number, Promise<RuntimeApp>>();
  /** The newest revision this process knows of per app: a load that returns an older record is not cached. */
  readonly #knownRevision = new Map<number, number>();
  readonly #loadedAt = new Map<number, number>();
  readonly #views = new WeakMap<RuntimeApp, AppView>();
  readonly #listeners = new Set<AppChangeListener>();
  /** The newest revision the listeners were told of per app. */
  readonly #notified = new Map<number, number>();

  constructor(deps: OpenedAppCacheDeps) {
    this.#d = deps;
  }

  /** The opened app: cached, or read and opened (one read in flight per app). */
  runtime(sdkAppId: number): Promise<RuntimeApp> {
    const cached = this.cached(sdkAppId);
    return cached ? Promise.resolve(cached) : this.#load(sdkAppId);
  }

  /** The cached app when present, without I/O (the gateway's hot path); a stale one is revalidated behind it. */
  cached(sdkAppId: number): RuntimeApp | undefined {
    const app = this.#cache.get(sdkAppId);
    if (
      app &&
      this.#d.now() - (this.#loadedAt.get(sdkAppId) ?? 0) > this.#d.maxAgeMs &&
      !this.#loading.has(sdkAppId)
    ) {
      this.#load(sdkAppId).catch(() => {});
    }
    return app;
  }

  has(sdkAppId: number): boolean {
    return this.#cache.has(sdkAppId);
  }

  /** The admin view of an opened app. */
  view(app: RuntimeApp): AppView {
    const view = this.#views.get(app);
    if (!view) throw new Error('an opened app always has its view');
    return view;
  }

  /** A change made here: drop the copy at once and tell the listeners. */
  changed(sdkAppId: number, revision: number): void {
    this.#forget(sdkAppId, revision);
    this.#notify(sdkAppId, revision);
  }

  /** A change announced through the cluster: drop the copy unless it is as new, tell the listeners once. */
  invalidate(sdkAppId: number, revision: number): void {
    const cached = this.#cache.get(sdkAppId);
    if (!cached || cached.revision < revision) this.#forget(sdkAppId, revision);
    this.#notify(sdkAppId, revision);
  }

  /** Forgets every cached app (the bus may have lost changes); every listener re-checks each of them. */
  invalidateAll(): void {
    const ids = [...this.#cache.keys()];
    for (const sdkAppId of ids) this.#forget(sdkAppId, this.#knownRevision.get(sdkAppId) ?? 0);
    // A re-check, not a change: every listener runs again for each app this node had open.
    for (const sdkAppId of ids) for (const listener of this.#listeners) listener(sdkAppId, 0);
  }

  onChange(listener: AppChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #load(sdkAppId: number): Promise<RuntimeApp> {
    let loading = this.#loading.get(sdkAppId);
    if (!loading) {
      const load: Promise<RuntimeApp> = this.#d
        .read(sdkAppId)
        .then((record) => {
          const app = this.#d.open(record);
          this.#views.set(app, toAppView(record));
          // A change that committed while this read was in flight wins: never cache what it replaced.
          if (record.revision >= (this.#knownRevision.get(sdkAppId) ?? 0)) {
            const previous = this.#cache.get(sdkAppId);
            this.#cache.set(sdkAppId, app);
            this.#loadedAt.set(sdkAppId, this.#d.now());
            // A revalidation that found a change nobody told this node about: tell the listeners now.
            if (previous && previous.revision < app.revision) {
              this.#knownRevision.set(sdkAppId, app.revision);
              this.#notify(sdkAppId, app.revision);
            }
          }
          return app;
        })
        .finally(() => {
          if (this.#loading.get(sdkAppId) === load) this.#loading.delete(sdkAppId);
        });
      loading = load;
      this.#loading.set(sdkAppId, loading);
    }
    return loading;
  }

  /** Drops the cached copy and any load in flight, which may have read the record this revision replaced. */
  #forget(sdkAppId: number, revision: number): void {
    if (revision > (this.#knownRevision.get(sdkAppId) ?? 0)) this.#knownRevision.set(sdkAppId, revision);
    this.#cache.delete(sdkAppId);
    this.#loading.delete(sdkAppId);
  }

  #notify(sdkAppId: number, revision: number): void {
    if (revision <= (this.#notified.get(sdkAppId) ?? 0)) return;
    this.#notified.set(sdkAppId, revision);
    for (const listener of this.#listeners) listener(sdkAppId, revision);
  }
}
