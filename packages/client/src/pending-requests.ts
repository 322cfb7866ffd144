import { errorCatalogue } from '@parley/protocol';
import { ParleyClientError } from './client-error.ts';
import type { IncomingReply } from './frame-decoder.ts';
import { isFrameTooLarge } from './frame-size.ts';

interface PendingRequest {
  readonly op: string;
  /** The serialized frame, kept so a request made while disconnected can be sent after the next login. */
  readonly frame: string;
  readonly resolve: (data: unknown) => void;
  readonly reject: (error: ParleyClientError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

/**
 * Requests awaiting their reply, by frame id, in the order they were made. A request is either sent (awaiting the
 * reply on the current socket) or unsent (waiting for the next login). Each has one timer covering both phases.
 */
export class PendingRequests {
  readonly #requests = new Map<string, PendingRequest>();
  readonly #timeoutMs: number;
  #nextId = 0;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  get size(): number {
    return this.#requests.size;
  }

  /**
   * Registers a request and returns its id and the promise of its reply data. `send` is tried at once; when it
   * returns false the request waits for `flushUnsent`.
   */
  add(
    op: string,
    data: unknown,
    send: (frame: string) => boolean,
  ): { id: string; sent: boolean; reply: Promise<unknown> } {
    this.#nextId += 1;
    const id = this.#nextId.toString(36);
    const frame = JSON.stringify({ id, op, data });
    if (isFrameTooLarge(frame)) {
      const error = new ParleyClientError('FRAME_TOO_LARGE', errorCatalogue.FRAME_TOO_LARGE.code, {
        message: errorCatalogue.FRAME_TOO_LARGE.message,
        detail: `Refused by the client: op "${op}".`,
      });
      return { id, sent: false, reply: Promise.reject(error) };
    }
    // Sent before it is registered: its reply cannot arrive before this function returns.
    const sent = send(frame);
    const reply = new Promise<unknown>((resolve, reject) => {
      // The timer gets the id as an argument, so no closure is made per request beyond the promise's own.
      const timer = setTimeout(this.#onTimeout, this.#timeoutMs, id);
      this.#requests.set(id, { op, frame, resolve, reject, timer, sent });
    });
    return { id, sent, reply };
  }

  /** Settles the request a reply answers; returns false when no request has that id (it timed out meanwhile). */
  settle(reply: IncomingReply): boolean {
    if (reply.id === null) return false;
    const request = this.#requests.get(reply.id);
    if (!request) return false;
    this.#remove(reply.id, request);
    if (reply.ok) request.resolve(reply.data);
    else request.reject(ParleyClientError.fromWire(reply.error));
    return true;
  }

  /** Sends every request that waited for a connection, oldest first. */
  flushUnsent(send: (frame: string) => boolean): void {
    for (const request of this.#requests.values()) {
      if (!request.sent) request.sent = send(request.frame);
    }
  }

  /**
   * The socket closed: requests already sent will never get their reply. Those `resend` accepts (read-only ops)
   * go back to waiting for the next login; the others are rejected, since their outcome is unknown.
   */
  failSent(error: ParleyClientError, resend: (op: string) => boolean): void {
    for (const [id, request] of this.#requests) {
      if (!request.sent) continue;
      if (resend(request.op)) {
        request.sent = false;
        continue;
      }
      this.#remove(id, request);
      request.reject(error);
    }
  }

  /** Rejects one request by id (used for the login frame). */
  fail(id: string, error: ParleyClientError): void {
    const request = this.#requests.get(id);
    if (!request) return;
    this.#remove(id, request);
    request.reject(error);
  }

  failAll(error: ParleyClientError): void {
    for (const [id, request] of this.#requests) {
      this.#remove(id, request);
      request.reject(error);
    }
  }

  #remove(id: string, request: PendingRequest): void {
    clearTimeout(request.timer);
    this.#requests.delete(id);
  }

  readonly #onTimeout = (id: string): void => {
    const request = this.#requests.get(id);
    if (!request) return;
    this.#requests.delete(id);
    request.reject(
      ParleyClientError.local('REQUEST_TIMEOUT', {
        detail: `op "${request.op}" after ${this.#timeoutMs} ms.`,
      }),
    );
  };
}
