import type { AppConfigService } from '@parley/app-config';
import type {
  AccountStore,
  Clock,
  MessageBus,
  MessagingService,
  RelationService,
  SessionRecord,
  SessionRegistry,
} from '@parley/domain';
import type { InterfaceCall } from '@parley/telemetry';
import type { Logger } from 'pino';
import type { GatewayOptions } from './gateway-options.ts';
import type { PushRouter } from './push-router.ts';

export type StateChangeAction = 'Login' | 'Logout' | 'Disconnect' | 'Kicked';

export interface GatewayDeps {
  nodeId: string;
  appConfig: AppConfigService;
  accounts: AccountStore;
  sessions: SessionRegistry;
  bus: MessageBus;
  clock: Clock;
  logger: Logger;
  /** The same router must be the PushDelivery of the messaging and relation services. */
  router: PushRouter;
  messaging: MessagingService;
  relations: RelationService;
  /** Telemetry of each op (an "interface" of the privacy policy). */
  recordCall?: (call: InterfaceCall) => void;
  /** Tencent's State.StateChange callback. */
  onStateChange?: (session: SessionRecord, action: StateChangeAction, clientIp: string) => void;
  /** Served at GET /metrics on the gateway port (Prometheus text format). */
  metrics?: { contentType: string; metrics(): Promise<string> };
  /** Storage checks for GET /readyz on the gateway port, each rejecting when its backend does not answer. */
  readiness?: Record<string, () => Promise<void>>;
  options?: Partial<GatewayOptions>;
}
