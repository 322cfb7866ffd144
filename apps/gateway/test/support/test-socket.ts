import type { PushName, PushPayloads, WireError } from '@parley/protocol';
import WebSocket from 'ws';

/** How long a test waits for something that should happen at once (a reply, a push, a close). */
export const WAIT_MS = 5_000;

export type Reply =
  | { id: string | null; ok: true; data: unknown }
  | { id: string | null; ok: false; error: WireError };

export interface Push<P extends PushName = PushName> {
  push: P;
  data: PushPayloads[P];
}

export interface Closed {
  code: number;
  reason: string;
}

interface PushWaiter {
  name: PushName;
  match: (data: never) => boolean;
  resolve: (push: Push) => void;
}

/**
 * A raw WebSocket client for the gateway tests: replies correlated by id, pushes collected in arrival order,
 * bounded waits. It knows nothing of the SDK, only the wire protocol of docs/protocol.md.
 */
export class TestSocket {
  /** Every push received so far, in arrival order. */
  readonly pushes: Push[] = [];
  /** Replies that carried `id: null` (frames the gateway could not attribute to a request). */
  readonly orphanReplies: Reply[] = [];
  readonly closed: Promise<Closed>;

  readonly #ws: WebSocket;
  readonly #pending = new Map<string, (reply: Reply) => void>();
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
        resolve(this.#closeInfo);
      });
    });
    ws.on('message', (data) => this.#onFrame(String(data)));
    ws.on('error', () => {});
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  /** The underlying client, for tests that must misbehave at the transport level. */
  get raw(): WebSocket {
    return this.#ws;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame as is (text, or binary when given a Buffer). */
  sendRaw(frame: string | Buffer): void {
    this.#ws.send(frame, { binary: Buffer.isBuffer(frame) });
  }

  /** Sends `{ id, op, data }` and resolves with the reply carrying that id. */
  request(op: string, data: unknown = {}, timeoutMs = WAIT_MS): Promise<Reply> {
    this.#nextId += 1;
    const id = `r${this.#nextId}`;
    return this.requestWithId(id, op, data, timeoutMs);
  }

  requestWithId(id: string, op: string, data: unknown, timeoutMs = WAIT_MS): Promise<Reply> {
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no reply to ${op} (${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    this.sendRaw(JSON.stringify({ id, op, data }));
    return reply;
  }

  /** The reply data of a request that must succeed. */
  async ok<T = Record<string, unknown>>(op: string, data: unknown = {}): Promise<T> {
    const reply = await this.request(op, data);
    if (!reply.ok) throw new Error(`${op} failed: ${JSON.stringify(reply.error)}`);
    return reply.data as T;
  }

  /** The error of a request that must fail. */
  async fail(op: string, data: unknown = {}, timeoutMs = WAIT_MS): Promise<WireError> {
    const reply = await this.request(op, data, timeoutMs);
    if (reply.ok) throw new Error(`${op} unexpectedly succeeded: ${JSON.stringify(reply.data)}`);
    return reply.error;
  }

  /** The next reply with `id: null` (a frame the gateway could not parse). */
  nextOrphanReply(): Promise<Reply> {
    const ready = this.orphanReplies.shift();
    if (ready) return Promise.resolve(ready);
    return withTimeout(
      new Promise<Reply>((resolve) => this.#orphanWaiters.push(resolve)),
      'an id-less error reply',
    );
  }

  /**
   * The first push named `name` (and matching `match`) not yet returned by an earlier call; waits for it
   * when it has not arrived yet.
   */
  nextPush<P extends PushName>(
    name: P,
    match: (data: PushPayloads[P]) => boolean = () => true,
  ): Promise<PushPayloads[P]> {
    const index = this.#unclaimed.findIndex(
      (push) => push.push === name && match(push.data as PushPayloads[P]),
    );
    const ready = this.#unclaimed[index];
    if (ready) {
      this.#unclaimed.splice(index, 1);
      return Promise.resolve(ready.data as PushPayloads[P]);
    }
    const waiter: PushWaiter = {
      name,
      match: match as (data: never) => boolean,
      resolve: () => {},
    };
    const arrived = new Promise<Push>((resolve) => {
      waiter.resolve = resolve;
      this.#waiters.add(waiter);
    });
    return withTimeout(arrived, `push "${name}"`, () => this.#waiters.delete(waiter)).then(
      (push) => push.data as PushPayloads[P],
    );
  }

  /** Pushes named `name` received so far, returned or not. */
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

  /** Resolves with the close code and reason; fails when the socket is still open after the wait. */
  waitClosed(): Promise<Closed> {
    if (this.#closeInfo) return Promise.resolve(this.#closeInfo);
    return withTimeout(this.closed, 'the socket to close');
  }

  close(): void {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING)
      this.#ws.close();
  }

  #onFrame(text: string): void {
    const frame = JSON.parse(text) as Partial<Reply> & { push?: PushName; data?: unknown };
    if (typeof frame.push === 'string') {
      const push = { push: frame.push, data: frame.data } as Push;
      this.pushes.push(push);
      for (const waiter of this.#waiters) {
        if (waiter.name === push.push && waiter.match(push.data as never)) {
          this.#waiters.delete(waiter);
          waiter.resolve(push);
          return;
        }
      }
      this.#unclaimed.push(push);
      return;
    }
    const reply = frame as Reply;
    if (typeof reply.id === 'string') {
      const resolve = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      resolve?.(reply);
      return;
    }
    const waiter = this.#orphanWaiters.shift();
    if (waiter) waiter(reply);
    else this.orphanReplies.push(reply);
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`waited ${WAIT_MS} ms for ${what}`));
    }, WAIT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
