import type { AppConfigService } from '@parley/app-config';
import type { AccountStore, GroupServices, GroupStore, RelationStore } from '@parley/domain';

/**
 * The services every admin route may use, decorated once on the root instance by `buildAdminApi` (`app.appConfig`,
 * `request.server.accounts`, ...). Optional features (metrics, monitoring, dead letters, the /v4 commands beyond
 * accounts) are not decorated: their plugins are registered only when present and receive what they serve as options.
 */
declare module 'fastify' {
  interface FastifyInstance {
    appConfig: AppConfigService;
    accounts: AccountStore;
    /** Friends and blacklists: profile read scopes (friends) and the /v4 sns commands. */
    relations: RelationStore;
    /** The app's groups, read directly to list them. */
    groups: GroupStore;
    /** Group life, members and messages: the admin API acts in them as an app admin (groups/acting-admin.ts). */
    groupServices: GroupServices;
    regions: readonly [string, ...string[]];
    /** Storage checks for /readyz, each rejecting when its backend does not answer. */
    readiness: Record<string, () => Promise<void>>;
    /** The admin API's clock (ms since the epoch). */
    now: () => number;
    /** Tells the gateways that accounts were deleted (their sessions are closed); a no-op when nobody listens. */
    onAccountsDeleted: (sdkAppId: number, userIds: string[]) => void;
  }
}
