import type { KickReason } from '@parley/protocol';
import type { SessionRecord } from '../ports/session-registry.ts';

/** What the cluster needs of a live, logged-in session on this node (a gateway socket). */
export interface LocalSession {
  readonly record: SessionRecord;
  /** Writes a pre-serialised frame to the client. */
  sendFrame(frame: string): void;
  /** Sends the `kicked` push and closes the session with the reason's close code. */
  kick(reason: KickReason, byPlatform?: string): void;
}

/** The logged-in sessions of this node, by app and user. */
export class LocalSessions {
  readonly #byUser = new Map<string, Set<LocalSession>>();
  readonly #byApp = new Map<number, Set<LocalSession>>();

  add(session: LocalSession): void {
    const { sdkAppId, userId } = session.record;
    addTo(this.#byUser, userKey(sdkAppId, userId), session);
    addTo(this.#byApp, sdkAppId, session);
  }

  remove(session: LocalSession): void {
    const { sdkAppId, userId } = session.record;
    removeFrom(this.#byUser, userKey(sdkAppId, userId), session);
    removeFrom(this.#byApp, sdkAppId, session);
  }

  ofUser(sdkAppId: number, userId: string): ReadonlySet<LocalSession> | undefined {
    return this.#byUser.get(userKey(sdkAppId, userId));
  }

  ofApp(sdkAppId: number): ReadonlySet<LocalSession> | undefined {
    return this.#byApp.get(sdkAppId);
  }

  find(sdkAppId: number, userId: string, instanceId: string): LocalSession | undefined {
    for (const session of this.ofUser(sdkAppId, userId) ?? []) {
      if (session.record.instanceId === instanceId) return session;
    }
    return undefined;
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byApp.values()) n += set.size;
    return n;
  }

  all(): LocalSession[] {
    return [...this.#byApp.values()].flatMap((set) => [...set]);
  }
}

function addTo<K>(map: Map<K, Set<LocalSession>>, key: K, session: LocalSession): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(session);
}

function removeFrom<K>(map: Map<K, Set<LocalSession>>, key: K, session: LocalSession): void {
  const set = map.get(key);
  if (set?.delete(session) && set.size === 0) map.delete(key);
}

function userKey(sdkAppId: number, userId: string): string {
  return `${sdkAppId}\u0000${userId}`;
}
