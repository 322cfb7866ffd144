// Over 300 lines: one generator whose member sockets, per-group pacing and open- and closed-loop phases share state.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import type { LatencySummary } from '../lib/latency-histogram.ts';
import { assertLoopback } from '../lib/target.ts';
import { watchClientLogin } from './client-login.ts';
import { closeClientSockets, openClientSocket } from './client-sockets.ts';
import { type ConnectResult, rampLogins } from './login-ramp.ts';
import { roundTo2 } from './round.ts';
import { runTrafficPhase, type TrafficPattern } from './traffic-phase.ts';
import { TrafficStats } from './traffic-stats.ts';
import {
  classifyParleyFrame,
  groupJoinFrame,
  groupSendFrame,
  type IncomingFrame,
  readRandom,
} from './wire.ts';

/** Tencent's (and Parley's) bound: 40 messages/s per group. A closed loop stays under it by this margin. */
const GROUP_MESSAGES_PER_S = 32;

export interface GroupGeneratorOptions {
  /** Gateways the members spread over, member i on `wsUrls[i % n]` (one URL: one process). */
  wsUrls: readonly string[];
  /**
   * `parley` (default): log in with a UserSig signed by `app`'s key. `relay`: the bare broadcast baseline
   * (bench/baselines/ws-broadcast-server.ts) that forwards each frame to the group's other sockets unparsed; no
   * login, and each copy that arrives counts as the push.
   */
  mode?: 'parley' | 'relay';
  app?: { sdkAppId: number; secretKey: string };
  sourceAddresses: number;
  messageBytes: number;
  progress: boolean;
  label: string;
  /** At most this many logins (and joins) under way at once. Default 200. */
  maxPendingLogins?: number;
}

/** One member to log in: the group it sends to, and whether it must join first (AVChatRoom). */
export interface GroupMemberSpec {
  userId: string;
  groupId: string;
  join: boolean;
}

interface Member {
  index: number;
  userId: string;
  socket: WebSocket;
  ready: boolean;
  group: GroupState;
}

interface GroupState {
  groupId: string;
  /** Logged-in members, in order: the senders take turns. */
  members: Member[];
  /** How many of them send (the first N); all by default. */
  senderCount: number;
  nextSender: number;
  inFlight: number;
  lastSentAt: number;
  waiting: boolean;
}

interface Pending {
  at: number;
  group: GroupState;
  /** Pushes still to come: one per logged-in member of the group but the sender. */
  remaining: number;
}

export interface GroupPhaseOptions {
  durationMs: number;
  warmupMs: number;
  /** Per group, the first N members send in turn (0: all). */
  sendersPerGroup?: number;
}

export interface GroupTrafficResult {
  pattern: 'closed-loop' | 'open-loop';
  groups: number;
  members: number;
  /** Open loop: group messages/s in, in total; closed loop: messages in flight per group. */
  target_rate_per_s?: number;
  window_per_group?: number;
  message_bytes: number;
  measured_s: number;
  /** Group messages sent in the measured window. */
  sent: number;
  messages_per_s: number;
  /** Pushes received in the measured window (one per member but the sender, per message). */
  delivered: number;
  delivered_per_s: number;
  /** Every message and push of the phase, warm-up and drain included (for CPU per delivery). */
  all_sent: number;
  all_delivered: number;
  /** Send to each member's push. */
  latency: LatencySummary;
  /** Pushes that had not come 5 s after the phase (lost, or late: see `late-delivery`), and their messages. */
  lost: number;
  lost_messages: number;
  /** Other `message` pushes (group tips such as an AVChatRoom's Join): not counted, not errors. */
  tips: number;
  errors: Record<string, number>;
}

/**
 * Drives group traffic against one or more gateways: ramped logins (and AVChatRoom joins), then `group.send`s from
 * the members, each push matched to its message by the random, with the latency from send to each push.
 */
export class GroupLoadGenerator {
  readonly #o: GroupGeneratorOptions;
  readonly #members: Member[] = [];
  readonly #groups = new Map<string, GroupState>();
  readonly #pending = new Map<number, Pending>();
  /** Messages given up at the end of a drain: a push of theirs that still comes is late, not a duplicate. */
  readonly #abandoned = new Set<number>();
  readonly #text: string;
  #nextRandom = 1 + Math.floor(Math.random() * 1_000_000_000);
  #stats = new TrafficStats();
  #tips = 0;
  #pattern: TrafficPattern | undefined;
  #activeGroups: GroupState[] = [];

  constructor(options: GroupGeneratorOptions) {
    if (options.wsUrls.length === 0) throw new Error('at least one gateway URL');
    if (options.mode !== 'relay' && !options.app) throw new Error('parley mode needs the app and its key');
    for (const url of options.wsUrls) assertLoopback(url);
    this.#o = options;
    this.#text = 'x'.repeat(options.messageBytes);
  }

  get memberCount(): number {
    return this.#members.filter((m) => m.ready).length;
  }

  /** Logs every member in (and joins it to its group when asked), `loginsPerSecond` at a time, within the timeout. */
  async connect(
    specs: readonly GroupMemberSpec[],
    loginsPerSecond: number,
    timeoutMs: number,
  ): Promise<ConnectResult> {
    return rampLogins({
      count: specs.length,
      loginsPerSecond,
      timeoutMs,
      maxPending: this.#o.maxPendingLogins,
      open: (i, finish) => {
        const spec = specs[i];
        if (spec) this.#open(spec, finish);
      },
      progressLine: (s, { started, loggedIn, failed }) =>
        `[${this.#o.label} connect] ${s}s started=${started} in=${loggedIn} failed=${failed} of ${specs.length} tips=${this.#tips}`,
      progress: this.#o.progress,
    });
  }

  /**
   * Closed loop: each group keeps `window` messages in flight (sent, not yet pushed to every member); against
   * Parley at most 32 a second per group (its bound is 40).
   */
  runClosedLoop(options: GroupPhaseOptions & { window: number }): Promise<GroupTrafficResult> {
    return this.#run({ kind: 'closed', window: options.window }, options);
  }

  /** Open loop: `ratePerS` group messages a second in total, the groups in turn, whatever the pushes do. */
  runOpenLoop(options: GroupPhaseOptions & { ratePerS: number }): Promise<GroupTrafficResult> {
    return this.#run({ kind: 'open', ratePerS: options.ratePerS }, options);
  }

  async close(): Promise<void> {
    this.#stats = new TrafficStats();
    this.#pattern = undefined;
    await closeClientSockets(this.#members.map((member) => member.socket));
    this.#members.length = 0;
    this.#groups.clear();
  }

  #open(spec: GroupMemberSpec, finish: (ok: boolean, code?: string) => void): void {
    const index = this.#members.length;
    const urls = this.#o.wsUrls;
    const relay = this.#o.mode === 'relay';
    const url = urls[index % urls.length] ?? '';
    const socket = openClientSocket(
      relay ? `${url}?group=${encodeURIComponent(spec.groupId)}` : url,
      index,
      this.#o.sourceAddresses,
    );
    let group = this.#groups.get(spec.groupId);
    if (!group) {
      group = {
        groupId: spec.groupId,
        members: [],
        senderCount: 0,
        nextSender: 0,
        inFlight: 0,
        lastSentAt: 0,
        waiting: false,
      };
      this.#groups.set(spec.groupId, group);
    }
    const member: Member = { index, userId: spec.userId, socket, ready: false, group };
    this.#members.push(member);
    const login = watchClientLogin(socket, {
      userId: spec.userId,
      app: relay ? undefined : (this.#o.app ?? { sdkAppId: 0, secretKey: '' }),
      finish: (ok, code) => {
        if (ok) {
          member.ready = true;
          member.group.members.push(member);
        }
        finish(ok, code);
      },
      recordError: (code) => this.#stats.recordError(code),
      onClose: () => {
        if (!member.ready) return;
        member.ready = false;
        const members = member.group.members;
        members.splice(members.indexOf(member), 1);
      },
    });
    let loggedIn = false;
    socket.on('message', (data: Buffer) => {
      if (login.settled) return this.#onFrame(data);
      const frame = classifyParleyFrame(data);
      if (frame.kind === 'delivery') {
        this.#tips += 1;
      } else if (frame.kind === 'reply-error') {
        login.settle(false, `${loggedIn ? 'join' : 'login'}:${frame.error}`);
      } else if (frame.kind === 'reply-ok') {
        if (!loggedIn && spec.join) {
          loggedIn = true;
          socket.send(groupJoinFrame(spec.groupId));
        } else {
          login.settle(true);
        }
      }
    });
  }

  #onFrame(data: Buffer): void {
    const frame: IncomingFrame =
      this.#o.mode === 'relay' ? { kind: 'delivery', random: readRandom(data) } : classifyParleyFrame(data);
    if (frame.kind === 'reply-ok') return;
    if (frame.kind === 'reply-error') {
      this.#stats.recordError(frame.error);
      this.#reject(Number(frame.id));
      return;
    }
    if (frame.kind === 'other') {
      this.#stats.recordError(frame.label);
      return;
    }
    const pending = this.#pending.get(frame.random);
    if (!pending) {
      // Tips carry random 0; a message given up on at the end of a drain arrives late; anything else is a
      // push beyond one per member (a duplicate).
      if (frame.random === 0) this.#tips += 1;
      else
        this.#stats.recordError(this.#abandoned.has(frame.random) ? 'late-delivery' : 'duplicate-delivery');
      return;
    }
    this.#stats.recordDelivery(performance.now() - pending.at);
    pending.remaining -= 1;
    if (pending.remaining === 0) this.#complete(frame.random, pending);
  }

  /** A send was refused: none of its pushes will come. */
  #reject(random: number): void {
    const pending = this.#pending.get(random);
    if (pending) this.#complete(random, pending);
  }

  #complete(random: number, pending: Pending): void {
    this.#pending.delete(random);
    const group = pending.group;
    group.inFlight -= 1;
    const pattern = this.#pattern;
    if (pattern?.kind === 'closed' && group.inFlight < pattern.window) this.#sendPaced(group);
  }

  /** Closed loop: the group's next message, no sooner than its rate bound allows. */
  #sendPaced(group: GroupState): void {
    if (group.waiting) return;
    // The relay has no per-group bound: its closed loop runs unpaced.
    const minGapMs = this.#o.mode === 'relay' ? 0 : 1000 / GROUP_MESSAGES_PER_S;
    const wait = group.lastSentAt + minGapMs - performance.now();
    if (wait <= 0) {
      this.#send(group);
      return;
    }
    group.waiting = true;
    setTimeout(() => {
      group.waiting = false;
      const pattern = this.#pattern;
      if (pattern?.kind === 'closed' && group.inFlight < pattern.window) this.#send(group);
    }, wait);
  }

  #send(group: GroupState): void {
    const count = Math.min(group.senderCount, group.members.length);
    if (count === 0 || group.members.length < 2) return;
    const from = group.members[group.nextSender % count];
    group.nextSender = (group.nextSender + 1) % count;
    if (!from) return;
    const random = this.#nextRandom;
    this.#nextRandom = (this.#nextRandom % 4_294_967_295) + 1;
    group.inFlight += 1;
    group.lastSentAt = performance.now();
    this.#pending.set(random, { at: group.lastSentAt, group, remaining: group.members.length - 1 });
    this.#stats.recordSend();
    from.socket.send(groupSendFrame(random, group.groupId, this.#text));
  }

  async #run(pattern: TrafficPattern, options: GroupPhaseOptions): Promise<GroupTrafficResult> {
    const { durationMs, warmupMs } = options;
    const stats = new TrafficStats();
    this.#stats = stats;
    this.#tips = 0;
    this.#pattern = pattern;
    const groups = [...this.#groups.values()].filter((g) => g.members.length >= 2);
    if (groups.length === 0) throw new Error('no group has two members logged in');
    for (const group of groups) {
      group.senderCount =
        options.sendersPerGroup && options.sendersPerGroup > 0
          ? options.sendersPerGroup
          : group.members.length;
      group.nextSender = 0;
    }
    this.#activeGroups = groups;
    const label =
      pattern.kind === 'closed' ? `closed-loop window ${pattern.window}` : `open-loop ${pattern.ratePerS}/s`;
    await runTrafficPhase({
      pattern,
      stats,
      warmupMs,
      durationMs,
      senders: groups,
      send: (group) => this.#send(group),
      stopSending: () => {
        this.#pattern = undefined;
      },
      inFlight: () => this.#pending.size,
      progressLabel: `${this.#o.label} ${label}`,
      progressSenders: `groups=${groups.length}`,
      progress: this.#o.progress,
    });
    let lost = 0;
    for (const [random, pending] of this.#pending) {
      this.#abandoned.add(random);
      lost += pending.remaining;
      pending.group.inFlight -= 1;
    }
    const lostMessages = this.#pending.size;
    this.#pending.clear();
    // Let paced sends that were waiting see the phase is over.
    await sleep(1000 / GROUP_MESSAGES_PER_S + 5);
    for (const group of this.#activeGroups) group.inFlight = 0;

    const measuredS = (stats.measureEndedAt - stats.measureStartedAt) / 1000;
    return {
      pattern: pattern.kind === 'closed' ? 'closed-loop' : 'open-loop',
      groups: groups.length,
      members: groups.reduce((sum, g) => sum + g.members.length, 0),
      ...(pattern.kind === 'closed'
        ? { window_per_group: pattern.window }
        : { target_rate_per_s: pattern.ratePerS }),
      message_bytes: this.#o.messageBytes,
      measured_s: roundTo2(measuredS),
      sent: stats.measuredSent,
      messages_per_s: Math.round(stats.measuredSent / measuredS),
      delivered: stats.measuredDelivered,
      delivered_per_s: Math.round(stats.measuredDelivered / measuredS),
      all_sent: stats.sent,
      all_delivered: stats.delivered,
      latency: stats.histogram.summary(),
      lost,
      lost_messages: lostMessages,
      tips: this.#tips,
      errors: { ...stats.errors },
    };
  }
}
