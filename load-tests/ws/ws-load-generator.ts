import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { assertLoopback } from '../lib/target.ts';
import { watchClientLogin } from './client-login.ts';
import { closeClientSockets, openClientSocket } from './client-sockets.ts';
import { type ConnectResult, rampLogins } from './login-ramp.ts';
import { roundTo2 } from './round.ts';
import { runTrafficPhase, type TrafficPattern } from './traffic-phase.ts';
import { type TrafficResult, TrafficStats } from './traffic-stats.ts';
import { classifyParleyFrame, readRandom, sendFrame } from './wire.ts';

/**
 * `parley`: log in with a UserSig, send `send` ops, count `message` pushes.
 * `relay`: the bare baseline (bench/baselines/ws-relay-server.ts) that forwards each frame to the peer socket
 * unparsed; the same frames go out and the copy that arrives counts as the delivery.
 */
export type GeneratorMode = 'parley' | 'relay';

export interface GeneratorOptions {
  wsUrl: string;
  mode: GeneratorMode;
  /** Parley mode: the app whose key signs each user's UserSig. */
  app?: { sdkAppId: number; secretKey: string };
  /** Client sockets bind to 127.0.0.1 … 127.0.0.N in turn: each address has its own ephemeral port range. */
  sourceAddresses: number;
  /** Size of each message's text. */
  messageBytes: number;
  /** A status line on stderr each second. */
  progress: boolean;
  label: string;
  /**
   * At most this many logins under way at once: a ramp faster than the server logs in would otherwise pile
   * connections up in its accept backlog until the kernel resets them. Default 200.
   */
  maxPendingLogins?: number;
}

interface Peer {
  index: number;
  userId: string;
  peerId: string;
  socket: WebSocket;
  ready: boolean;
  outstanding: number;
}

interface Pending {
  at: number;
  from: Peer;
}

export interface PhaseOptions {
  durationMs: number;
  /** Unmeasured time first (JIT, caches); the measured window follows it. */
  warmupMs: number;
  /** Only the first N logged-in connections send (the others stay idle); default all. */
  senders?: number;
}

/** Drives many WebSocket clients against one gateway: ramped logins, then one-to-one traffic between pairs. */
export class WsLoadGenerator {
  readonly #o: GeneratorOptions;
  readonly #peers: Peer[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #text: string;
  #nextRandom = Math.floor(Math.random() * 1_000_000_000);
  #stats = new TrafficStats();
  #pattern: TrafficPattern | undefined;

  constructor(options: GeneratorOptions) {
    assertLoopback(options.wsUrl);
    if (options.mode === 'parley' && !options.app) throw new Error('parley mode needs the app and its key');
    this.#o = options;
    this.#text = 'x'.repeat(options.messageBytes);
  }

  get connectionCount(): number {
    return this.#peers.filter((p) => p.ready).length;
  }

  /**
   * Opens one connection per user, `loginsPerSecond` at a time, each logging in (Parley) or just opening (relay).
   * `peerOf(i)` is the user connection i messages. Resolves when every connection is in or failed, or at the
   * timeout (the stragglers count as failed).
   */
  async connect(
    userIds: readonly string[],
    peerOf: (index: number) => string,
    loginsPerSecond: number,
    timeoutMs: number,
  ): Promise<ConnectResult> {
    const base = this.#peers.length;
    return rampLogins({
      count: userIds.length,
      loginsPerSecond,
      timeoutMs,
      maxPending: this.#o.maxPendingLogins,
      open: (i, finish) => this.#open(base + i, userIds[i] ?? '', peerOf(i), finish),
      progressLine: (s, { started, loggedIn, failed }) =>
        `[${this.#o.label} connect] ${s}s started=${started} logged_in=${loggedIn} failed=${failed} of ${userIds.length}`,
      progress: this.#o.progress,
    });
  }

  /** Closed loop at the maximum: each connection keeps `window` messages in flight to its peer. */
  runClosedLoop(options: PhaseOptions & { window: number }): Promise<TrafficResult> {
    return this.#run({ kind: 'closed', window: options.window }, options);
  }

  /** Open loop: `ratePerS` messages a second in total, sent on schedule whatever the replies do. */
  runOpenLoop(options: PhaseOptions & { ratePerS: number }): Promise<TrafficResult> {
    return this.#run({ kind: 'open', ratePerS: options.ratePerS }, options);
  }

  async close(): Promise<void> {
    // Closing is ours: what the sockets report from now on is no error of the run.
    this.#stats = new TrafficStats();
    await closeClientSockets(this.#peers.map((peer) => peer.socket));
    this.#peers.length = 0;
  }

  #open(index: number, userId: string, peerId: string, finish: (ok: boolean, code?: string) => void): void {
    const { mode } = this.#o;
    const url =
      mode === 'relay'
        ? `${this.#o.wsUrl}?id=${encodeURIComponent(userId)}&peer=${encodeURIComponent(peerId)}`
        : this.#o.wsUrl;
    const socket = openClientSocket(url, index, this.#o.sourceAddresses);
    const peer: Peer = { index, userId, peerId, socket, ready: false, outstanding: 0 };
    this.#peers.push(peer);
    const login = watchClientLogin(socket, {
      userId,
      app: mode === 'relay' ? undefined : this.#o.app,
      finish: (ok, code) => {
        if (ok) peer.ready = true;
        finish(ok, code);
      },
      recordError: (code) => this.#stats.recordError(code),
      onClose: () => {
        peer.ready = false;
      },
    });
    socket.on('message', (data: Buffer) => {
      if (!peer.ready) {
        if (mode === 'relay') return;
        const frame = classifyParleyFrame(data);
        if (frame.kind === 'reply-ok') {
          login.settle(true);
        } else if (frame.kind === 'reply-error') {
          login.settle(false, `login:${frame.error}`);
        }
        return;
      }
      this.#onFrame(data);
    });
  }

  #onFrame(data: Buffer): void {
    let random: number;
    if (this.#o.mode === 'relay') {
      random = readRandom(data);
    } else {
      const frame = classifyParleyFrame(data);
      if (frame.kind === 'reply-ok') return;
      if (frame.kind === 'reply-error') {
        this.#stats.recordError(frame.error);
        this.#settle(Number(frame.id), false);
        return;
      }
      if (frame.kind === 'other') {
        this.#stats.recordError(frame.label);
        return;
      }
      random = frame.random;
    }
    this.#settle(random, true);
  }

  /** A message arrived (or was rejected): free its slot and, in a closed loop, send the next one. */
  #settle(random: number, delivered: boolean): void {
    const pending = this.#pending.get(random);
    if (!pending) {
      if (delivered) this.#stats.recordError('late-delivery');
      return;
    }
    this.#pending.delete(random);
    if (delivered) this.#stats.recordDelivery(performance.now() - pending.at);
    const from = pending.from;
    from.outstanding -= 1;
    const pattern = this.#pattern;
    if (pattern?.kind === 'closed' && from.outstanding < pattern.window) this.#send(from);
  }

  #send(from: Peer): void {
    if (!from.ready) return;
    const random = this.#nextRandom;
    this.#nextRandom = (this.#nextRandom + 1) % 4_294_967_296;
    from.outstanding += 1;
    this.#pending.set(random, { at: performance.now(), from });
    this.#stats.recordSend();
    from.socket.send(sendFrame(random, from.peerId, this.#text));
  }

  async #run(pattern: TrafficPattern, options: PhaseOptions): Promise<TrafficResult> {
    const { durationMs, warmupMs } = options;
    const stats = new TrafficStats();
    this.#stats = stats;
    this.#pattern = pattern;
    const senders = this.#peers.filter((p) => p.ready).slice(0, options.senders ?? this.#peers.length);
    if (senders.length === 0) throw new Error('no connection is logged in');
    const label = pattern.kind === 'closed' ? 'closed-loop' : `open-loop ${pattern.ratePerS}/s`;
    await runTrafficPhase({
      pattern,
      stats,
      warmupMs,
      durationMs,
      senders,
      send: (peer) => this.#send(peer),
      stopSending: () => {
        this.#pattern = undefined;
      },
      inFlight: () => this.#pending.size,
      progressLabel: `${this.#o.label} ${label}`,
      progressSenders: `conns=${senders.length}`,
      progress: this.#o.progress,
    });
    // What has not arrived by now is lost.
    const lost = this.#pending.size;
    for (const pending of this.#pending.values()) pending.from.outstanding -= 1;
    this.#pending.clear();

    const measuredS = (stats.measureEndedAt - stats.measureStartedAt) / 1000;
    return {
      pattern: pattern.kind === 'closed' ? 'closed-loop' : 'open-loop',
      connections: senders.length,
      ...(pattern.kind === 'closed'
        ? { window_per_connection: pattern.window }
        : { target_rate_per_s: pattern.ratePerS }),
      message_bytes: this.#o.messageBytes,
      measured_s: roundTo2(measuredS),
      sent: stats.measuredSent,
      delivered: stats.measuredDelivered,
      delivered_per_s: Math.round(stats.measuredDelivered / measuredS),
      all_delivered: stats.delivered,
      latency: stats.histogram.summary(),
      lost,
      errors: { ...stats.errors },
    };
  }
}
