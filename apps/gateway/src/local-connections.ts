/** What the router needs of a live, logged-in connection on this node. */
export interface LocalConnection {
  readonly sdkAppId: number;
  readonly userId: string;
  readonly instanceId: string;
  sendFrame(frame: string): void;
  kick(frame: string, reason: 'multi-login' | 'account-deleted' | 'app-unavailable'): void;
}

/** The logged-in connections of this node, by app and user. */
export class LocalConnections {
  readonly #byUser = new Map<string, Set<LocalConnection>>();
  readonly #byApp = new Map<number, Set<LocalConnection>>();

  add(connection: LocalConnection): void {
    const key = userKey(connection.sdkAppId, connection.userId);
    let set = this.#byUser.get(key);
    if (!set) {
      set = new Set();
      this.#byUser.set(key, set);
    }
    set.add(connection);
    let app = this.#byApp.get(connection.sdkAppId);
    if (!app) {
      app = new Set();
      this.#byApp.set(connection.sdkAppId, app);
    }
    app.add(connection);
  }

  remove(connection: LocalConnection): void {
    const key = userKey(connection.sdkAppId, connection.userId);
    const set = this.#byUser.get(key);
    if (set?.delete(connection) && set.size === 0) this.#byUser.delete(key);
    const app = this.#byApp.get(connection.sdkAppId);
    if (app?.delete(connection) && app.size === 0) this.#byApp.delete(connection.sdkAppId);
  }

  ofUser(sdkAppId: number, userId: string): ReadonlySet<LocalConnection> | undefined {
    return this.#byUser.get(userKey(sdkAppId, userId));
  }

  ofApp(sdkAppId: number): ReadonlySet<LocalConnection> | undefined {
    return this.#byApp.get(sdkAppId);
  }

  find(sdkAppId: number, userId: string, instanceId: string): LocalConnection | undefined {
    for (const connection of this.ofUser(sdkAppId, userId) ?? []) {
      if (connection.instanceId === instanceId) return connection;
    }
    return undefined;
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byApp.values()) n += set.size;
    return n;
  }

  all(): LocalConnection[] {
    return [...this.#byApp.values()].flatMap((set) => [...set]);
  }
}

function userKey(sdkAppId: number, userId: string): string {
  return `${sdkAppId}\u0000${userId}`;
}
