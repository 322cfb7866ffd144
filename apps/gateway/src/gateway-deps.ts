import type {
  Clock,
  Cluster,
  GroupServices,
  MessagingService,
  ProfileService,
  RelationService,
  SessionService,
} from '@parley/domain';
import type { InterfaceCall } from '@parley/telemetry';
import type { Logger } from 'pino';
import type { GatewayOptions } from './gateway-options.ts';

export interface GatewayDeps {
  nodeId: string;
  /** This node's cluster membership: the gateway's sockets register in `cluster.local`, and pushes go through it. */
  cluster: Cluster;
  sessions: SessionService;
  messaging: MessagingService;
  relations: RelationService;
  profiles: ProfileService;
  groups: GroupServices;
  clock: Clock;
  logger: Logger;
  /** Telemetry of each op (an "interface" of the privacy policy). */
  recordCall?: (call: InterfaceCall) => void;
  /** Served at GET /metrics on the gateway port (Prometheus text format). */
  metrics?: { contentType: string; metrics(): Promise<string> };
  /** Storage checks for GET /readyz on the gateway port, each rejecting when its backend does not answer. */
  readiness?: Record<string, () => Promise<void>>;
  options?: Partial<GatewayOptions>;
}
