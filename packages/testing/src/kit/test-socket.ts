import type { OpName, OpResults, PushName, PushPayloads, ReplyFrame, WireError } from '@parley/protocol';
import WebSocket from 'ws';
import { recordReceived } from './record-received.ts';
import { ConnectionLostError, ReplyError } from './reply-errors.ts';
import { WAIT_MS, withTimeout } from './wait.ts';

/** A reply frame as it arrived; `id` is null for frames the gateway could not attribute to a request. */
export type Reply =
  | { id: string | null; ok: true; data: unknown }
  | { id: string | null; ok: false; error: WireError };

/** The reply to `op`: typed for the protocol's ops, untyped for anything else a test sends. */
export type ReplyTo<Op extends string> = Op extends OpName ? ReplyFrame<Op> : Reply;

export type Push = { [P in PushName]: { push: P; data: PushPayloads[P] } }[PushName];

export interface Closed {
  code: number;
  reason: string;
}

export interface OpenOptions {
  /** Options of the `ws` client (e.g. `autoPong: false` for a peer that ignores pings). */
  ws?: WebSocket.ClientOptions;
  timeoutMs?: number;
}

interface PushWaiter {
  match: (push: Push) => boolean;
  resolve: (push: Push) => void;
}

/**
 * A raw WebSocket client of the gateway protocol (docs/protocol.md): replies matched to requests by id, every push
 * kept in arrival order, bounded waits. It knows no SDK, so tests decide when to reconnect and what to resend.
 * Every error reply's name and the close code are recorded for the error-coverage check (record-received.ts).
 */
export class TestSocket {
  /** Every push received so far, in arrival order. */
  readonly pushes: Push[] = [];
  /** Replies that carried `id: null` and were not yet returned by `nextOrphanReply`. */
  readonly orphanReplies: Reply[] = [];
  readonly closed: Promise<Closed>;

  readonly #ws: WebSocket;
  readonly #pending = new Map<string, { op: string; settle: (reply: Reply | Error) => void }>();
  readonly #waiters = new Set<PushWaiter>();
  readonly #orphanWaiters: ((reply: Reply) => void)[] = [];
  /** Pushes not yet returned by `nextPush`. */
  readonly #unclaimed: Push[] = [];
  #nextId = 0;
  #closeInfo: Closed | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.#closeInfo = { code, reason: reason.toString() };
        recordReceived({ close: code });
        for (const { op, settle } of this.#pending.values()) settle(new ConnectionLostError(op));
        this.#pending.clear();
        resolve(this.#closeInfo);
      });
    });
    ws.on('message', (data) => this.#onFrame(String(data)));
    ws.on('error', () => {});
  }

  static async open(url: string, options: OpenOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options.ws);
    const socket = new TestSocket(ws);
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await withTimeout(opened, options.timeoutMs ?? WAIT_MS, `a WebSocket to ${url}`, () => ws.terminate());
    return socket;
  }

  /** The underlying client, for tests that must misbehave at the transport level. */
  get raw(): WebSocket {
    return this.#ws;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  get closeInfo(): Closed | undefined {
    return this.#closeInfo;
  }

  /** Sends a frame as is (text, or binary when given a Buffer). */
  sendRaw(frame: string | Buffer): void {
    this.#ws.send(frame, { binary: Buffer.isBuffer(frame) });
  }

  /**
   * Sends `{ id, op, data }` and resolves with the reply carrying that id. Rejects with ConnectionLostError when
   * the socket closes first, or with a timeout error.
   */
  request<Op extends string>(op: Op, data: unknown = {}, timeoutMs = WAIT_MS): Promise<ReplyTo<Op>> {
    this.#nextId += 1;
    return this.requestWithId(`r${this.#nextId}`, op, data, timeoutMs);
  }

  requestWithId<Op extends string>(
    id: string,
    op: Op,
    data: unknown,
    timeoutMs = WAIT_MS,
  ): Promise<ReplyTo<Op>> {
    if (this.#ws.readyState !== WebSocket.OPEN) return Promise.reject(new ConnectionLostError(op));
    const reply = new Promise<ReplyTo<Op>>((resolve, reject) => {
      this.#pending.set(id, {
        op,
        settle: (value) => (value instanceof Error ? reject(value) : resolve(value as ReplyTo<Op>)),
      });
    });
    this.sendRaw(JSON.stringify({ id, op, data }));
    return withTimeout(reply, timeoutMs, `the reply to ${op} (${id})`, () => this.#pending.delete(id));
  }

  /** The reply data of a request that must succeed; throws ReplyError otherwise. */
  async ok<Op extends OpName>(op: Op, data: unknown = {}, timeoutMs = WAIT_MS): Promise<OpResults[Op]> {
    const reply: Reply = await this.request(op, data, timeoutMs);
    if (!reply.ok) throw new ReplyError(op, reply.error);
    return reply.data as OpResults[Op];
  }

  /** The error of a request that must fail. */
  async fail(op: string, data: unknown = {}, timeoutMs = WAIT_MS): Promise<WireError> {
    const reply: Reply = await this.request(op, data, timeoutMs);
    if (reply.ok) throw new Error(`${op} unexpectedly succeeded: ${JSON.stringify(reply.data)}`);
    return reply.error;
  }

  /** The next reply with `id: null` (a frame the gateway could not parse). */
  nextOrphanReply(timeoutMs = WAIT_MS): Promise<Reply> {
    const ready = this.orphanReplies.shift();
    if (ready) return Promise.resolve(ready);
    let waiter: (reply: Reply) => void = () => {};
    const arrived = new Promise<Reply>((resolve) => {
      waiter = resolve;
      this.#orphanWaiters.push(waiter);
    });
    return withTimeout(arrived, timeoutMs, 'an id-less reply', () => {
      this.#orphanWaiters.splice(this.#orphanWaiters.indexOf(waiter), 1);
    });
  }

  /**
   * The first push named `name` (and matching `match`) not yet returned by an earlier call; waits for it when it
   * has not arrived yet.
   */
  nextPush<P extends PushName>(
    name: P,
    match: (data: PushPayloads[P]) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<PushPayloads[P]> {
    const test = (push: Push) => push.push === name && match(push.data as PushPayloads[P]);
    const index = this.#unclaimed.findIndex(test);
    const ready = this.#unclaimed[index];
    if (ready) {
      this.#unclaimed.splice(index, 1);
      return Promise.resolve(ready.data as PushPayloads[P]);
    }
    const waiter: PushWaiter = { match: test, resolve: () => {} };
    const arrived = new Promise<Push>((resolve) => {
      waiter.resolve = resolve;
      this.#waiters.add(waiter);
    });
    return withTimeout(arrived, timeoutMs, `push "${name}"`, () => this.#waiters.delete(waiter)).then(
      (push) => push.data as PushPayloads[P],
    );
  }

  /** Pushes named `name` received so far, returned by `nextPush` or not. */
  pushesNamed<P extends PushName>(name: P): PushPayloads[P][] {
    return this.pushes.filter((push) => push.push === name).map((push) => push.data as PushPayloads[P]);
  }

  /**
   * A round trip on this socket: every frame the server wrote to it before it answered this ping has arrived.
   * Tests use it to assert that a push was NOT sent, without sleeping.
   */
  async barrier(): Promise<void> {
    await this.ok('ping');
  }

  /** The close code and reason, once the server closed the socket within the wait. */
  waitClosed(timeoutMs = WAIT_MS): Promise<Closed> {
    if (this.#closeInfo) return Promise.resolve(this.#closeInfo);
    return withTimeout(this.closed, timeoutMs, 'the socket to close');
  }

  close(): void {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) {
      this.#ws.close();
    }
  }

  #onFrame(text: string): void {
    const frame = JSON.parse(text) as { push?: unknown; id?: unknown };
    if (typeof frame.push === 'string') {
      this.#onPush(frame as Push);
      return;
    }
    const reply = frame as Reply;
    if (!reply.ok) recordReceived({ error: reply.error.name });
    if (typeof reply.id === 'string') {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      pending?.settle(reply);
      return;
    }
    const waiter = this.#orphanWaiters.shift();
    if (waiter) waiter(reply);
    else this.orphanReplies.push(reply);
  }

  #onPush(push: Push): void {
    this.pushes.push(push);
    for (const waiter of this.#waiters) {
      if (waiter.match(push)) {
        this.#waiters.delete(waiter);
        waiter.resolve(push);
        return;
      }
    }
    this.#unclaimed.push(push);
  }
}
