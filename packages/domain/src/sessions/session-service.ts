import { randomUUID } from 'node:crypto';
import type { RuntimeApp } from '@parley/app-config';
import { groupConversationId, type OpResults, ParleyError, type Platform } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { GroupConversations } from '../groups/group-conversations.ts';
import type { AccountStore } from '../ports/account-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationStore } from '../ports/conversation-store.ts';
import type { SessionRecord, SessionRegistry } from '../ports/session-registry.ts';
import type { AppDirectory } from './app-directory.ts';
import { decideEvictions } from './multi-login-policy.ts';

/** How a session ended, in Tencent's State.StateChange terms ('Login' starts one). */
export type SessionEndAction = 'Logout' | 'Disconnect' | 'Kicked';
export type StateChangeAction = 'Login' | SessionEndAction;

export interface LoginRequest {
  sdkAppId: number;
  userId: string;
  userSig: string;
  platform: Platform;
  clientIp: string;
}

export interface LoginResult {
  session: SessionRecord;
  /** The login reply: where the client's conversations stand, so it knows where to sync from. */
  reply: OpResults['login'];
  /** The groups whose pushes the session receives (stored memberships, MsgFlag Discard left out). */
  groupIds: string[];
}

export interface SessionServiceDeps {
  nodeId: string;
  apps: AppDirectory;
  accounts: AccountStore;
  conversations: ConversationStore;
  groupConversations: GroupConversations;
  registry: SessionRegistry;
  cluster: Pick<Cluster, 'kick' | 'kickApp' | 'local'>;
  clock: Clock;
  /** Tencent's State.StateChange callback. */
  onStateChange?: (session: SessionRecord, action: StateChangeAction, clientIp: string) => void;
  /** Best-effort failures (unregistering, app refreshes) are reported here. */
  onError(error: unknown, context: { what: string; sdkAppId?: number }): void;
}

/**
 * Login and the life of a session: verification, Tencent's import-at-first-login, the multi-login decision and its
 * evictions, the state-change events, and the actor each op runs as. The gateway only frames what it returns.
 */
export class SessionService {
  readonly #d: SessionServiceDeps;

  constructor(deps: SessionServiceDeps) {
    this.#d = deps;
  }

  /**
   * Logs a user in. `stillOpen` is asked once the session is registered: a connection that closed meanwhile gets
   * its session removed again and `undefined`. Everything that can fail on storage happens before the session
   * exists, so a failed login leaves nothing behind.
   */
  async login(request: LoginRequest, stillOpen: () => boolean): Promise<LoginResult | undefined> {
    const d = this.#d;
    const { sdkAppId, userId, platform } = request;
    const app = await d.apps.verifyUserSig(sdkAppId, userId, request.userSig);
    assertActive(app);
    const now = d.clock.now();
    // Tencent imports an unknown account at its first login.
    if (!(await d.accounts.get(sdkAppId, userId))) {
      await d.accounts.importAccounts(sdkAppId, [{ userId }], now);
    }
    const [entries, groups] = await Promise.all([
      d.conversations.list(sdkAppId, userId, app.config.messaging.recentContacts),
      d.groupConversations.seqs(sdkAppId, userId, app.config.plan.maxGroupsPerUser),
    ]);
    const topics = await d.groupConversations.topicSeqs(sdkAppId, groups);
    const session: SessionRecord = {
      sdkAppId,
      userId,
      instanceId: randomUUID(),
      platform,
      nodeId: d.nodeId,
      connectedAt: now,
    };
    const evicted = await d.registry.register(
      session,
      (existing) => decideEvictions(app.config.multiLogin, session, existing),
      app.config.plan.maxConcurrentConnections,
    );
    // The registry has already dropped the evicted sessions, even when this connection closed meanwhile: they are
    // kicked either way, or they would stay connected unseen by the registry (no cross-node pushes, no quota, no
    // multi-login limit).
    for (const old of evicted) d.cluster.kick(old, 'multi-login', platform);
    if (!stillOpen()) {
      await d.registry.unregister(session);
      return undefined;
    }
    d.onStateChange?.(session, 'Login', request.clientIp);
    return {
      session,
      reply: {
        userId,
        sdkAppId,
        instanceId: session.instanceId,
        serverTime: d.clock.now(),
        conversations: [
          ...entries.map((entry) => ({ conversationId: entry.conversationId, lastSeq: entry.lastSeq })),
          ...groups.map(({ membership, lastSeq }) => ({
            conversationId: groupConversationId(membership.groupId),
            lastSeq,
          })),
          ...topics.map(({ topicId, lastSeq }) => ({
            conversationId: groupConversationId(topicId),
            lastSeq,
          })),
        ],
      },
      groupIds: groups
        .filter(({ membership }) => membership.member.msgFlag !== 'Discard')
        .map(({ membership }) => membership.groupId),
    };
  }

  /**
   * The actor one op runs as: a fresh, frozen object with the app as this node knows it now, so an op reads one
   * configuration revision from start to end. Fails when the app is no longer active.
   */
  async actor(session: SessionRecord, clientIp: string): Promise<Actor> {
    const app = this.#d.apps.cached(session.sdkAppId) ?? (await this.#d.apps.runtime(session.sdkAppId));
    assertActive(app);
    return Object.freeze({
      app,
      userId: session.userId,
      instanceId: session.instanceId,
      platform: session.platform,
      clientIp,
    });
  }

  /** A session ended (closed, logged out, kicked): it leaves the registry and the app hears of it. */
  end(session: SessionRecord, action: SessionEndAction, clientIp: string): void {
    this.#d.registry
      .unregister(session)
      .catch((error: unknown) => this.#d.onError(error, { what: 'unregister', sdkAppId: session.sdkAppId }));
    this.#d.onStateChange?.(session, action, clientIp);
  }

  /** Ends this node's sessions of an app that a change disabled or terminated. Returns the unsubscribe. */
  watchApps(): () => void {
    return this.#d.apps.onChange((sdkAppId) => {
      const local = this.#d.cluster.local.ofApp(sdkAppId);
      if (!local || local.size === 0) return;
      this.#d.apps.runtime(sdkAppId).then(
        (app) => {
          if (app.status !== 'active') this.#d.cluster.kickApp(sdkAppId, 'app-unavailable');
        },
        (error: unknown) => this.#d.onError(error, { what: 'config refresh', sdkAppId }),
      );
    });
  }
}

function assertActive(app: RuntimeApp): void {
  if (app.status === 'active') return;
  throw new ParleyError(app.status === 'disabled' ? 'APP_DISABLED' : 'APP_TERMINATED');
}
