import WebSocket from 'ws';

export interface SocketMessageEvent {
  readonly data: unknown;
}
export interface SocketCloseEvent {
  readonly code: number;
  readonly reason: string;
}

/**
 * The part of the WHATWG WebSocket API the client uses, so a browser's `WebSocket` or the `ws` package can be
 * injected. Listeners are declared as methods on purpose: each implementation's event types are richer than
 * these, and method parameters compare bivariantly.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: SocketMessageEvent) => void): void;
  addEventListener(type: 'close', listener: (event: SocketCloseEvent) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The default implementation: the `ws` package, for Node. */
export const defaultWebSocket: WebSocketConstructor = WebSocket;

/** `readyState` values shared by every implementation. */
export const SOCKET_OPEN = 1;
export const SOCKET_CLOSED = 3;
