export { ParleyClient, createParleyClient, type ClientOpName, type SendOptions } from './parley-client.ts';
export type { ParleyClientOptions, UserSigSource } from './client-options.ts';
export type { ParleyClientEvents, ParleyClientEventName, ParleyClientState } from './client-events.ts';
export {
  ParleyClientError,
  isParleyClientError,
  isRetryableSendError,
  localErrors,
  type ClientErrorName,
  type LocalErrorName,
  type ParleyClientErrorOptions,
} from './client-error.ts';
export {
  backoffDelay,
  defaultReconnectOptions,
  type BackoffOptions,
  type ReconnectOptions,
} from './reconnect-policy.ts';
export type {
  WebSocketConstructor,
  WebSocketLike,
  SocketCloseEvent,
  SocketMessageEvent,
} from './web-socket-like.ts';
