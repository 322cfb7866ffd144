import type { AppConfigService } from '@parley/app-config';
import type { CallbackQueue } from '@parley/callbacks';
import type {
  AccountStore,
  AdminMessaging,
  GroupServices,
  GroupStore,
  MessagingService,
  RateLimiter,
  RelationService,
  RelationStore,
  SessionRecord,
} from '@parley/domain';
import type { InterfaceCall, MonitoringReader } from '@parley/telemetry';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** What the admin API needs from the outside, wired by the server. */
export interface AdminApiDeps {
  appConfig: AppConfigService;
  accounts: AccountStore;
  relations: RelationStore;
  /** The app's groups, read directly to list them. */
  groups: GroupStore;
  /** Group life, members and messages: the admin API acts in them as an app admin (groups/acting-admin.ts). */
  groupServices: GroupServices;
  operatorToken: string;
  regions: readonly [string, ...string[]];
  logger: Logger;
  /** Storage checks for /readyz, each rejecting when its backend does not answer. */
  readiness: Record<string, () => Promise<void>>;
  /** Tells the gateways that accounts were deleted (their sessions are closed). */
  onAccountsDeleted?: (sdkAppId: number, userIds: string[]) => void;
  now?: () => number;
  /** Telemetry of every route call (privacy-scoped); none when telemetry is off. */
  recordCall?: (call: InterfaceCall) => void;
  /** Serves GET /v1/apps/:sdkAppId/monitoring when present. */
  monitoring?: MonitoringReader;
  /** Serves GET /metrics when present. */
  metrics?: Registry;
  /** Serves the app's callback dead letters when present. */
  callbackQueue?: CallbackQueue;
  /** What Tencent's REST API (/v4) needs beyond accounts; without it only the account commands are served. */
  rest?: RestDeps;
}

export interface RestDeps {
  /** One-to-one messaging, as the gateway's (the admin sends, recalls and reads). */
  messaging: MessagingService;
  /** The admin's other one-to-one operations (recall, roaming, import, unread counts, mark read). */
  adminMessaging: AdminMessaging;
  /** Friends and blacklists, as the gateway's (`sns`). */
  relations: RelationService;
  /** The per-command call quota (shared by every node). */
  rateLimiter: RateLimiter;
  /** The user's live sessions across the cluster. */
  sessionsOf(sdkAppId: number, userId: string): Promise<SessionRecord[]>;
  /** Ends every session of the user, wherever connected (`kicked` admin-kick). */
  kick(sdkAppId: number, userId: string): Promise<void>;
}
