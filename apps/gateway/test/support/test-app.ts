import type { AppConfigService, AppStatus } from '@parley/app-config';
import type { AccountProfileChange, Clock, Cluster } from '@parley/domain';
import type { OpResults, Platform } from '@parley/protocol';
import type { EmbeddedStores } from '@parley/storage-embedded';
import { type OpenOptions, TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';

interface LoginOptions {
  platform?: Platform;
  socket?: OpenOptions;
}

/** A logged-in socket and its login reply. */
export type Session = TestSocket & { readonly login: OpResults['login'] };

/**
 * One app of the gateway under test: its users log in over real sockets; what an operator would do through the
 * admin API is done on the app-config service and the stores directly, as the admin routes do.
 */
export interface TestApp {
  sdkAppId: number;
  secretKey: string;
  /** A UserSig for this app made with Tencent's algorithm (180 days, like Tencent's SDKs). */
  sig(userId: string): string;
  /** A new socket, not logged in. */
  open(options?: OpenOptions): Promise<TestSocket>;
  /** The login frame's data for `userId`. */
  loginData(userId: string, platform?: Platform): Record<string, unknown>;
  /** A new socket logged in as `userId` (web by default); fails the test when the login fails. */
  login(userId: string, options?: LoginOptions): Promise<Session>;
  /** Changes the app's configuration (what PATCH /config does). */
  configure(patch: unknown): Promise<void>;
  setStatus(status: Exclude<AppStatus, 'terminated'>): Promise<void>;
  terminate(): Promise<void>;
  rotateSecret(): Promise<void>;
  importAccounts(userIds: string[]): Promise<void>;
  updateAccount(userId: string, change: AccountProfileChange): Promise<void>;
  /** Deletes accounts and tells the cluster, whose nodes kick their sessions (what POST /users/delete does). */
  deleteAccounts(userIds: string[]): Promise<string[]>;
}

export interface TestAppDeps {
  sdkAppId: number;
  secretKey: string;
  wsUrl: string;
  clock: Clock;
  appConfig: AppConfigService;
  stores: EmbeddedStores;
  cluster: Cluster;
  /** Every socket opened, for the fixture to close. */
  opened: { close(): void }[];
}

export function createTestApp(deps: TestAppDeps): TestApp {
  const { sdkAppId, secretKey, clock, appConfig, stores } = deps;
  const sig = (userId: string) =>
    genUserSig({
      sdkAppId,
      secretKey,
      userId,
      expireSeconds: 180 * 86_400,
      now: Math.floor(clock.now() / 1000),
    });
  const loginData = (userId: string, platform: Platform = 'web') => ({
    sdkAppId,
    userId,
    userSig: sig(userId),
    platform,
  });
  async function open(options?: OpenOptions): Promise<TestSocket> {
    const socket = await TestSocket.open(deps.wsUrl, options);
    deps.opened.push(socket);
    return socket;
  }
  return {
    sdkAppId,
    secretKey,
    sig,
    open,
    loginData,
    async login(userId, options = {}) {
      const socket = await open(options.socket);
      const login = await socket.ok('login', loginData(userId, options.platform));
      return Object.assign(socket, { login });
    },
    async configure(patch) {
      await appConfig.patch(sdkAppId, patch);
    },
    async setStatus(status) {
      await appConfig.setStatus(sdkAppId, status);
    },
    async terminate() {
      await appConfig.terminate(sdkAppId);
    },
    async rotateSecret() {
      await appConfig.rotateSecret(sdkAppId);
    },
    async importAccounts(userIds) {
      await stores.accounts.importAccounts(
        sdkAppId,
        userIds.map((userId) => ({ userId })),
        clock.now(),
      );
    },
    async updateAccount(userId, change) {
      if (!(await stores.accounts.update(sdkAppId, userId, change))) throw new Error(`no account ${userId}`);
    },
    async deleteAccounts(userIds) {
      const deleted = await stores.accounts.delete(sdkAppId, userIds);
      if (deleted.length > 0) deps.cluster.announceAccountsDeleted(sdkAppId, deleted);
      return deleted;
    },
  };
}
