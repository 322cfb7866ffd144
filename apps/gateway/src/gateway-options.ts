import { NODE_HEARTBEAT_MS } from '@parley/domain';
import { LOGIN_TIMEOUT_MS, MAX_FRAME_BYTES } from '@parley/protocol';

export interface GatewayOptions {
  /** The first frame must be a login within this time. */
  loginTimeoutMs: number;
  /** A WebSocket ping every interval; a connection that missed the previous pong is closed. */
  pingIntervalMs: number;
  /** Frames larger than this get FRAME_TOO_LARGE; frames larger than `hardMaxFrameBytes` close the socket (1009). */
  maxFrameBytes: number;
  hardMaxFrameBytes: number;
  /** Invalid frames tolerated per `abuseWindowMs` before the socket is closed with 4003. */
  abuseThreshold: number;
  abuseWindowMs: number;
  /**
   * Requests other than `send` of one connection accepted and not yet answered; a further one is answered
   * TOO_MANY_IN_FLIGHT at once, so one socket cannot start unbounded reads.
   */
  maxOpsInFlight: number;
  /**
   * Reads (sync, history, conversations and their group kin) of all connections running at once; the others wait
   * their turn, and each turn starts after pending I/O, so a read flood cannot starve the event loop.
   */
  maxConcurrentReads: number;
  /** Sends of one connection queued or running (they run one at a time); past it, TOO_MANY_IN_FLIGHT. */
  maxSendsQueued: number;
  /** A client that lets this much outgoing data pile up is closed (it will reconnect and sync). */
  maxBufferedBytes: number;
  /** Heartbeat to the session registry, so sessions of a dead node expire. */
  registryHeartbeatMs: number;
  /** Take the client address from X-Forwarded-For (only behind a trusted load balancer). */
  trustProxy: boolean;
}

export const defaultGatewayOptions: GatewayOptions = {
  loginTimeoutMs: LOGIN_TIMEOUT_MS,
  pingIntervalMs: 30_000,
  maxFrameBytes: MAX_FRAME_BYTES,
  hardMaxFrameBytes: 1024 * 1024,
  abuseThreshold: 20,
  abuseWindowMs: 10_000,
  maxOpsInFlight: 16,
  maxSendsQueued: 256,
  maxConcurrentReads: 4,
  maxBufferedBytes: 4 * 1024 * 1024,
  registryHeartbeatMs: NODE_HEARTBEAT_MS,
  trustProxy: false,
};
