import { c2cConversationId, errorCatalogue, type OpResults, type WireMessage } from '@parley/protocol';
import {
  ConnectionLostError,
  nextRandom,
  ReplyError,
  sleep,
  type TestSocket,
  text,
} from '@parley/testing/kit';
import type { ChatApp } from './chat-app.ts';
import { resendUntilSettled, type StreamedSend } from './send-stream.ts';

/** Replies after which a client makes the same send again, with its random: not stored, or not known yet. */
const RESEND_CODES: ReadonlySet<number> = new Set([
  errorCatalogue.STORAGE_UNAVAILABLE.code,
  errorCatalogue.DUPLICATE_IN_FLIGHT.code,
  errorCatalogue.RATE_LIMITED.code,
]);
/** How long one send may take to be acknowledged, resends included (a service restart takes a few seconds). */
const SEND_BOUND_MS = 60_000;
/** How long a client may take to log in again after losing its connection. */
const RECONNECT_BOUND_MS = 30_000;
/** The wait for one send's reply before the client takes it as lost and sends again. */
const REPLY_TIMEOUT_MS = 10_000;

/** A send of a participant: how many times it was made, and when it was acknowledged. */
export interface TrackedSend extends StreamedSend {
  attempts: number;
  ackedAt: number | undefined;
  /** Its connection died with the killed gateway: the resend had to be acknowledged within 5 s of the kill. */
  resentAfterKill: boolean;
  /** The connections (indexes in `connections`) it was sent on. */
  sentOn: Set<number>;
  /** Why it was sent again, with the time (ms since its first send), to say what happened when it fails. */
  resentFor: string[];
}

/** One logged-in socket of a participant, on one gateway. */
export interface Connection {
  socket: TestSocket;
  gatewayUrl: string;
  login: OpResults['login'];
}

/** What the participants share: the gateways a client may connect to, and the kill of a gateway once it came. */
export interface ClusterView {
  liveGateways(): readonly string[];
  killed: { url: string; at: number } | undefined;
}

/**
 * A chat user under failures, as a careful client behaves: sends to its peer with a few in flight, and whatever
 * happens (the connection drops, a store is unavailable, a resend races the first send) makes the same send again
 * with the same random until it is acknowledged; a dropped connection is replaced by a login on a live gateway.
 * Everything it sent, every socket it had (with the pushes each received) is kept for the checks.
 */
export class FailoverParticipant {
  readonly userId: string;
  readonly peer: string;
  readonly conversationId: string;
  readonly sent: TrackedSend[] = [];
  readonly connections: Connection[] = [];
  /** Answers that made it send again, by error name ('connection lost', 'timeout' for the transport). */
  readonly resendReasons = new Map<string, number>();
  readonly #app: ChatApp;
  readonly #cluster: ClusterView;
  #home: string;
  /** The connection sends go through; while a new one is being made, the promise of it. */
  #current: Promise<Connection>;
  #connected: Connection | undefined;

  private constructor(app: ChatApp, userId: string, peer: string, cluster: ClusterView, first: Connection) {
    this.#app = app;
    this.userId = userId;
    this.peer = peer;
    this.conversationId = c2cConversationId(userId, peer);
    this.#cluster = cluster;
    this.#home = first.gatewayUrl;
    this.connections.push(first);
    this.#current = Promise.resolve(first);
    this.#connected = first;
  }

  static async join(
    app: ChatApp,
    userId: string,
    peer: string,
    gatewayUrl: string,
    cluster: ClusterView,
  ): Promise<FailoverParticipant> {
    const { socket, login } = await app.login(gatewayUrl, userId);
    return new FailoverParticipant(app, userId, peer, cluster, { socket, gatewayUrl, login });
  }

  /** Acknowledged sends so far. */
  get acknowledged(): number {
    return this.sent.filter((item) => item.result !== undefined).length;
  }

  /**
   * Sends with `window` sends in flight until `stopped()` or `count` sends; resolves once each is acknowledged.
   * Fails when a send is answered with an error a client would not resend on, or is not acknowledged in time.
   */
  async run({ count, window }: { count: number; window: number }, stopped: () => boolean): Promise<void> {
    const worker = async () => {
      while (!stopped() && this.sent.length < count) {
        const item: TrackedSend = {
          random: nextRandom(),
          text: `${this.userId}:${this.sent.length}`,
          result: undefined,
          attempts: 0,
          ackedAt: undefined,
          resentAfterKill: false,
          sentOn: new Set(),
          resentFor: [],
        };
        this.sent.push(item);
        await this.#deliver(item);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
  }

  /** Moves to another gateway (a client rebalanced): closes the socket with whatever is in flight on it. */
  moveTo(gatewayUrl: string): void {
    this.#home = gatewayUrl;
    this.#connected?.socket.close();
  }

  /** A fresh login on a live gateway, as the client would start after the run (its reply lists the summaries). */
  async loginAgain(): Promise<Connection> {
    const connection = await this.#connect();
    this.connections.push(connection);
    this.#current = Promise.resolve(connection);
    this.#connected = connection;
    return connection;
  }

  /** Every message of its conversation pushed to it, per socket. */
  pushedPerSocket(): WireMessage[][] {
    return this.connections.map(({ socket }) =>
      socket.pushesNamed('message').filter((m) => m.conversationId === this.conversationId),
    );
  }

  close(): void {
    for (const { socket } of this.connections) socket.close();
  }

  async #deliver(item: TrackedSend): Promise<void> {
    const start = Date.now();
    const note = (reason: string, detail = '') => {
      this.#count(reason);
      item.resentFor.push(`${Date.now() - start} ms: ${reason}${detail && ` (${detail})`}`);
    };
    for (;;) {
      if (Date.now() - start > SEND_BOUND_MS)
        throw new Error(
          `${this.userId}'s send ${item.random} was not acknowledged within ${SEND_BOUND_MS} ms; sent again ` +
            `after: ${summarize(item.resentFor)}`,
        );
      const connection = await this.#current;
      item.attempts += 1;
      item.sentOn.add(this.connections.indexOf(connection));
      const { killed } = this.#cluster;
      if (item.resentAfterKill && killed) {
        item.result = await resendUntilSettled(connection.socket, { to: this.peer }, item, killed.at);
        item.ackedAt = Date.now();
        return;
      }
      try {
        const data = { to: this.peer, random: item.random, body: text(item.text) };
        item.result = await connection.socket.ok('send', data, REPLY_TIMEOUT_MS);
        item.ackedAt = Date.now();
        return;
      } catch (error) {
        if (error instanceof ConnectionLostError) {
          note('connection lost');
          // The kill is known by the time its socket closes (the test marks it first).
          if (connection.gatewayUrl === this.#cluster.killed?.url) item.resentAfterKill = true;
          this.#replace(connection);
        } else if (error instanceof ReplyError && RESEND_CODES.has(error.error.code)) {
          note(error.error.name, error.error.message);
          await sleep(100);
        } else if (error instanceof Error && error.message.startsWith('waited ')) {
          note('timeout');
        } else {
          throw error;
        }
      }
    }
  }

  /** Starts a new connection in place of `lost`, unless another send did already. */
  #replace(lost: Connection): void {
    if (this.#connected !== lost) return;
    lost.socket.close();
    this.#connected = undefined;
    this.#current = this.#connect().then((connection) => {
      this.connections.push(connection);
      this.#connected = connection;
      return connection;
    });
  }

  /** Logs in on the home gateway when it is live, else on another live one, until it works. */
  async #connect(): Promise<Connection> {
    const deadline = Date.now() + RECONNECT_BOUND_MS;
    let last: unknown;
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      const live = this.#cluster.liveGateways();
      const gatewayUrl = live.includes(this.#home) ? this.#home : live[attempt % live.length];
      if (gatewayUrl === undefined) throw new Error('no live gateway to reconnect to');
      try {
        const { socket, login } = await this.#app.login(gatewayUrl, this.userId);
        return { socket, gatewayUrl, login };
      } catch (error) {
        last = error;
        await sleep(200);
      }
    }
    throw new Error(`${this.userId} could not log in again within ${RECONNECT_BOUND_MS} ms`, { cause: last });
  }

  #count(reason: string): void {
    this.resendReasons.set(reason, (this.resendReasons.get(reason) ?? 0) + 1);
  }
}

/** The reasons a send was made again, runs of the same one folded: "0 ms: A, 120 ms: B (x40 until 5000 ms)". */
function summarize(reasons: readonly string[]): string {
  const runs: { first: string; last: string; count: number }[] = [];
  for (const entry of reasons) {
    const reason = entry.slice(entry.indexOf(': ') + 2);
    const run = runs.at(-1);
    if (run?.first.endsWith(`: ${reason}`)) {
      run.last = entry;
      run.count += 1;
    } else runs.push({ first: entry, last: entry, count: 1 });
  }
  return runs
    .map(({ first, last, count }) =>
      count === 1 ? first : `${first} (x${count} until ${last.split(':')[0]})`,
    )
    .join(', ');
}
