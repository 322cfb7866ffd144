import { frameText } from './frame-decoder.ts';
import {
  SOCKET_CLOSED,
  SOCKET_OPEN,
  type SocketCloseEvent,
  type SocketMessageEvent,
  type WebSocketConstructor,
  type WebSocketLike,
} from './web-socket-like.ts';

/** What a connection reports to its owner. Events stop once the owner detaches it. */
export interface ConnectionHandler {
  onOpen(connection: Connection): void;
  onText(connection: Connection, text: string): void;
  onClose(connection: Connection, code: number, reason: string): void;
}

/**
 * One WebSocket, from opening to closed. The client makes a new Connection per attempt, so events of an old
 * socket can never be mistaken for the current one's: `detach()` silences it for good.
 */
export class Connection {
  readonly #socket: WebSocketLike;
  #handler: ConnectionHandler | undefined;
  #closeWaiters: (() => void)[] = [];

  constructor(WebSocketImpl: WebSocketConstructor, url: string, handler: ConnectionHandler) {
    this.#handler = handler;
    this.#socket = new WebSocketImpl(url);
    this.#socket.addEventListener('open', this.#onOpen);
    this.#socket.addEventListener('message', this.#onMessage);
    this.#socket.addEventListener('close', this.#onClose);
    // The close event follows every error and carries what the client acts on; the listener must exist anyway,
    // because `ws` throws an error event that nobody listens to.
    this.#socket.addEventListener('error', ignore);
  }

  get isOpen(): boolean {
    return this.#socket.readyState === SOCKET_OPEN;
  }

  /** Sends a frame if the socket is open; returns whether it was handed to the socket. */
  send(text: string): boolean {
    if (this.#socket.readyState !== SOCKET_OPEN) return false;
    this.#socket.send(text);
    return true;
  }

  /** Stops reporting events to the handler. */
  detach(): void {
    this.#handler = undefined;
  }

  /** Closes the socket and resolves once it is closed. */
  close(code: number, reason: string): Promise<void> {
    if (this.#socket.readyState === SOCKET_CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    this.#socket.close(code, reason);
    return closed;
  }

  readonly #onOpen = (): void => {
    this.#handler?.onOpen(this);
  };

  readonly #onMessage = (event: SocketMessageEvent): void => {
    if (!this.#handler) return;
    const text = frameText(event.data);
    if (text !== undefined) this.#handler.onText(this, text);
  };

  readonly #onClose = (event: SocketCloseEvent): void => {
    const waiters = this.#closeWaiters;
    this.#closeWaiters = [];
    for (const resolve of waiters) resolve();
    this.#handler?.onClose(this, event.code, event.reason);
  };
}

function ignore(): void {}
