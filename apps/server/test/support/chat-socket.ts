import type {
  OpInput,
  OpName,
  OpResults,
  PushName,
  PushPayloads,
  ReplyFrame,
  WireError,
} from '@parley/protocol';
import WebSocket from 'ws';

/** How long a test waits for something that should happen at once (a reply, a push, a close). */
export const WAIT_MS = 5_000;

export interface Closed {
  code: number;
  reason: string;
}

/** The socket closed before the reply came: the request's outcome is unknown. */
export class ConnectionLostError extends Error {
  readonly op: string;
  constructor(op: string) {
    super(`the connection closed before the reply to ${op}`);
    this.op = op;
    this.name = 'ConnectionLostError';
  }
}

/** A reply with `ok: false`, carrying the catalogue error. */
export class ReplyError extends Error {
  readonly op: string;
  readonly error: WireError;
  constructor(op: string, error: WireError) {
    super(`${op} failed: ${error.code} ${error.name} ${error.message}`);
    this.op = op;
    this.error = error;
    this.name = 'ReplyError';
  }
}

interface Waiter {
  match: (push: AnyPush) => boolean;
  resolve: (push: AnyPush) => void;
}

type AnyPush = { [P in PushName]: { push: P; data: PushPayloads[P] } }[PushName];

/**
 * A raw WebSocket client of the gateway protocol (packages/protocol/src/frames.ts): replies correlated by id,
 * every push kept in arrival order, bounded waits. These tests decide themselves when to reconnect, to which node,
 * and what to resend, so they use no SDK.
 */
export class ChatSocket {
  /** Every push received, in arrival order. */
  readonly pushes: AnyPush[] = [];
  readonly closed: Promise<Closed>;

  readonly #ws: WebSocket;
  readonly #pending = new Map<string, { op: string; settle: (reply: ReplyFrame | Error) => void }>();
  readonly #waiters = new Set<Waiter>();
  #nextId = 0;
  #closeInfo: Closed | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.#closeInfo = { code, reason: reason.toString() };
        for (const { op, settle } of this.#pending.values()) settle(new ConnectionLostError(op));
        this.#pending.clear();
        resolve(this.#closeInfo);
      });
    });
    ws.on('message', (data) => this.#onFrame(String(data)));
    ws.on('error', () => {});
  }

  static async open(url: string, timeoutMs = WAIT_MS): Promise<ChatSocket> {
    const ws = new WebSocket(url);
    const socket = new ChatSocket(ws);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
      timeoutMs,
      `a WebSocket to ${url}`,
      () => ws.terminate(),
    );
    return socket;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  get closeInfo(): Closed | undefined {
    return this.#closeInfo;
  }

  /**
   * Sends `{ id, op, data }`; resolves with the reply frame. Rejects with ConnectionLostError when the socket
   * closes first, or a timeout error.
   */
  request<Op extends OpName>(op: Op, data: OpInput<Op>, timeoutMs = WAIT_MS): Promise<ReplyFrame<Op>> {
    if (this.#ws.readyState !== WebSocket.OPEN) return Promise.reject(new ConnectionLostError(op));
    this.#nextId += 1;
    const id = `r${this.#nextId}`;
    const reply = new Promise<ReplyFrame<Op>>((resolve, reject) => {
      this.#pending.set(id, {
        op,
        settle: (value) => (value instanceof Error ? reject(value) : resolve(value as ReplyFrame<Op>)),
      });
    });
    this.#ws.send(JSON.stringify({ id, op, data }));
    return withTimeout(reply, timeoutMs, `the reply to ${op} (${id})`, () => this.#pending.delete(id));
  }

  /** The reply data of a request that must succeed; throws ReplyError otherwise. */
  async ok<Op extends OpName>(op: Op, data: OpInput<Op>, timeoutMs = WAIT_MS): Promise<OpResults[Op]> {
    const reply = await this.request(op, data, timeoutMs);
    if (!reply.ok) throw new ReplyError(op, reply.error);
    return reply.data;
  }

  /** The error of a request that must fail. */
  async fail<Op extends OpName>(op: Op, data: OpInput<Op>, timeoutMs = WAIT_MS): Promise<WireError> {
    const reply = await this.request(op, data, timeoutMs);
    if (reply.ok) throw new Error(`${op} unexpectedly succeeded: ${JSON.stringify(reply.data)}`);
    return reply.error;
  }

  /** The first push named `name` matching `match`, received already or arriving within the wait. */
  waitForPush<P extends PushName>(
    name: P,
    match: (data: PushPayloads[P]) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<PushPayloads[P]> {
    const test = (push: AnyPush) => push.push === name && match(push.data as PushPayloads[P]);
    const found = this.pushes.find(test);
    if (found) return Promise.resolve(found.data as PushPayloads[P]);
    const waiter: Waiter = { match: test, resolve: () => {} };
    const arrived = new Promise<AnyPush>((resolve) => {
      waiter.resolve = resolve;
      this.#waiters.add(waiter);
    });
    return withTimeout(arrived, timeoutMs, `push "${name}"`, () => this.#waiters.delete(waiter)).then(
      (push) => push.data as PushPayloads[P],
    );
  }

  /** Pushes named `name` received so far. */
  pushesNamed<P extends PushName>(name: P): PushPayloads[P][] {
    return this.pushes.filter((push) => push.push === name).map((push) => push.data as PushPayloads[P]);
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
      const push = frame as AnyPush;
      this.pushes.push(push);
      for (const waiter of this.#waiters) {
        if (waiter.match(push)) {
          this.#waiters.delete(waiter);
          waiter.resolve(push);
        }
      }
      return;
    }
    if (typeof frame.id !== 'string') return;
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    this.#pending.delete(frame.id);
    pending.settle(frame as ReplyFrame);
  }
}

export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout: () => void = () => {},
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`waited ${timeoutMs} ms for ${what}`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
