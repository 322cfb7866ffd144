export {
  type ClientErrorName,
  isParleyClientError,
  isRetryableSendError,
  type LocalErrorName,
  localErrors,
  ParleyClientError,
  type ParleyClientErrorOptions,
} from './client-error.ts';
export type { ParleyClientEventName, ParleyClientEvents, ParleyClientState } from './client-events.ts';
export type { ParleyClientOptions, UserSigSource } from './client-options.ts';
export type { GroupSendOptions, ParleyGroups } from './group-api.ts';
export { type ClientOpName, createParleyClient, ParleyClient, type SendOptions } from './parley-client.ts';
export {
  type BackoffOptions,
  backoffDelay,
  defaultReconnectOptions,
  type ReconnectOptions,
} from './reconnect-policy.ts';
export type { ParleyTopics } from './topic-api.ts';
export type {
  SocketCloseEvent,
  SocketMessageEvent,
  WebSocketConstructor,
  WebSocketLike,
} from './web-socket-like.ts';
