import {
  conversationIdSchema,
  errorCatalogue,
  GATEWAY_PATH,
  groupIdSchema,
  groupOfConversation,
  opSchemas,
  type Platform,
} from '@parley/protocol';
import { ParleyClientError } from './client-error.ts';
import { defaultReconnectOptions, type ReconnectOptions } from './reconnect-policy.ts';
import { defaultWebSocket, type WebSocketConstructor } from './web-socket-like.ts';

/** A UserSig, or a function asked for a fresh one before every login (so reconnects can use renewed signatures). */
export type UserSigSource = string | (() => string | Promise<string>);

export interface ParleyClientOptions {
  /** The gateway endpoint, e.g. `ws://127.0.0.1:8090/v1/ws`; a URL without a path gets `/v1/ws`. */
  url: string;
  sdkAppId: number;
  userId: string;
  userSig: UserSigSource;
  platform: Platform;
  /** How long a request may wait for its reply, including time spent waiting for a reconnect. Default 10000. */
  requestTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
  /** Attempts of `send()` (same `random` each time) after timeouts and drops. Default 3. */
  sendMaxAttempts?: number;
  /** `limit` of each `sync` request. Default 100 (the gateway allows up to 500). */
  syncPageSize?: number;
  /** How many conversations are synced at once after a reconnect. Default 4. */
  syncConcurrency?: number;
  /**
   * After this long without any frame from the server the client sends a `ping`; after as long again with still
   * nothing, it drops the connection (reported as 4008) and reconnects. Default 25000; 0 disables.
   */
  keepaliveMs?: number;
  /**
   * Where the app's local store ends, per conversation (`c2c:…` or `group:<groupId>`): the client delivers only
   * messages after these seqs. Conversations not listed start from 0, so a fresh client receives the whole
   * retained history once.
   */
  lastSeenSeqs?: Readonly<Record<string, number>>;
  /** A WHATWG-style WebSocket constructor (a browser's `WebSocket`). Default: the `ws` package. */
  WebSocket?: WebSocketConstructor;
}

export interface ResolvedClientOptions {
  readonly url: string;
  readonly sdkAppId: number;
  readonly userId: string;
  readonly userSig: UserSigSource;
  readonly platform: Platform;
  readonly requestTimeoutMs: number;
  readonly reconnect: Readonly<ReconnectOptions>;
  readonly sendMaxAttempts: number;
  readonly syncPageSize: number;
  readonly syncConcurrency: number;
  readonly keepaliveMs: number;
  readonly lastSeenSeqs: Readonly<Record<string, number>>;
  readonly WebSocket: WebSocketConstructor;
}

type Problem = { path: string; message: string };

/** Checks every option once, at construction, and fails with all bad paths listed (CONFIG_INVALID). */
export function resolveClientOptions(options: ParleyClientOptions): ResolvedClientOptions {
  const problems: Problem[] = [];
  const url = resolveUrl(options.url, problems);
  const login = opSchemas.login.safeParse({
    sdkAppId: options.sdkAppId,
    userId: options.userId,
    userSig: typeof options.userSig === 'string' ? options.userSig : 'from-function',
    platform: options.platform,
  });
  if (!login.success) {
    for (const issue of login.error.issues) {
      problems.push({ path: issue.path.map(String).join('.'), message: issue.message });
    }
  }
  if (typeof options.userSig !== 'function' && typeof options.userSig !== 'string') {
    problems.push({ path: 'userSig', message: 'must be a string or a function' });
  }
  const reconnect = { ...defaultReconnectOptions, ...options.reconnect };
  const resolved: ResolvedClientOptions = {
    url,
    sdkAppId: options.sdkAppId,
    userId: options.userId,
    userSig: options.userSig,
    platform: options.platform,
    requestTimeoutMs: checkNumber(
      problems,
      'requestTimeoutMs',
      options.requestTimeoutMs ?? 10_000,
      1,
      2 ** 31 - 1,
    ),
    reconnect: Object.freeze({
      initialDelayMs: checkNumber(
        problems,
        'reconnect.initialDelayMs',
        reconnect.initialDelayMs,
        0,
        2 ** 31 - 1,
      ),
      maxDelayMs: checkNumber(problems, 'reconnect.maxDelayMs', reconnect.maxDelayMs, 0, 2 ** 31 - 1),
      factor: checkNumber(problems, 'reconnect.factor', reconnect.factor, 1, 100, false),
      jitter: checkNumber(problems, 'reconnect.jitter', reconnect.jitter, 0, 1, false),
      maxAttempts:
        reconnect.maxAttempts === Number.POSITIVE_INFINITY
          ? reconnect.maxAttempts
          : checkNumber(problems, 'reconnect.maxAttempts', reconnect.maxAttempts, 0, Number.MAX_SAFE_INTEGER),
    }),
    sendMaxAttempts: checkNumber(problems, 'sendMaxAttempts', options.sendMaxAttempts ?? 3, 1, 100),
    syncPageSize: checkNumber(problems, 'syncPageSize', options.syncPageSize ?? 100, 1, 500),
    syncConcurrency: checkNumber(problems, 'syncConcurrency', options.syncConcurrency ?? 4, 1, 64),
    keepaliveMs: checkNumber(problems, 'keepaliveMs', options.keepaliveMs ?? 25_000, 0, 2 ** 31 - 1),
    lastSeenSeqs: Object.freeze({ ...checkSeqs(problems, options.lastSeenSeqs ?? {}) }),
    WebSocket: options.WebSocket ?? defaultWebSocket,
  };
  if (resolved.reconnect.maxDelayMs < resolved.reconnect.initialDelayMs) {
    problems.push({ path: 'reconnect.maxDelayMs', message: 'must be at least reconnect.initialDelayMs' });
  }
  if (typeof resolved.WebSocket !== 'function') {
    problems.push({ path: 'WebSocket', message: 'must be a WebSocket constructor' });
  }
  if (problems.length > 0) {
    throw new ParleyClientError('CONFIG_INVALID', errorCatalogue.CONFIG_INVALID.code, {
      message: 'The client options are invalid.',
      detail: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      fields: problems,
    });
  }
  return Object.freeze(resolved);
}

function resolveUrl(raw: string, problems: Problem[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({ path: 'url', message: 'must be an absolute ws:// or wss:// URL' });
    return raw;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    problems.push({ path: 'url', message: 'must use ws:// or wss://' });
  }
  if (url.pathname === '/') url.pathname = GATEWAY_PATH;
  return url.toString();
}

function checkNumber(
  problems: Problem[],
  path: string,
  value: number,
  min: number,
  max: number,
  integer = true,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok)
    problems.push({ path, message: `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]` });
  return value;
}

function checkSeqs(
  problems: Problem[],
  seqs: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
  for (const [conversationId, seq] of Object.entries(seqs)) {
    if (!isConversationId(conversationId)) {
      problems.push({ path: `lastSeenSeqs.${conversationId}`, message: 'is not a conversation ID' });
    }
    checkNumber(problems, `lastSeenSeqs.${conversationId}`, seq, 0, Number.MAX_SAFE_INTEGER);
  }
  return seqs;
}

function isConversationId(value: string): boolean {
  const groupId = groupOfConversation(value);
  return groupId === undefined
    ? conversationIdSchema.safeParse(value).success
    : groupIdSchema.safeParse(groupId).success;
}
