import type { CallbackEvent, RuntimeApp } from '@parley/app-config';
import { Pool } from 'undici';
import { type CallbackLogger, silentLogger } from '../callback-logger.ts';
import type { OptPlatform } from '../tencent/opt-platform.ts';
import {
  CallbackUrlRefusedError,
  checkCallbackUrl,
  guardedLookup,
  type LookupFunction,
} from './address-guard.ts';
import { callbackTarget } from './callback-url.ts';
import { CircuitBreaker, type CircuitState, DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker.ts';

/** A reply larger than this is not a callback reply (a before-send reply is at most a 12 KB message). */
const MAX_REPLY_BYTES = 256 * 1024;

export interface CallbackRequest {
  command: CallbackEvent;
  clientIp: string;
  optPlatform: OptPlatform;
  /** The JSON body, with Tencent's field names. */
  body: object;
}

export type CallbackOutcome =
  /** A 2xx reply with a JSON object body. */
  | { kind: 'answered'; status: number; reply: Record<string, unknown> }
  | { kind: 'failed'; reason: 'timeout' | 'http-status' | 'bad-reply' | 'network'; detail: string }
  /** The URL or what its name resolves to is not allowed; no connection was made. */
  | { kind: 'refused'; detail: string }
  /** The app's circuit is open: no request was made. */
  | { kind: 'circuit-open'; retryAt: number };

export interface CallbackSenderOptions {
  /** Let callbacks reach private, loopback and link-local addresses (a callback server on the same LAN). */
  allowPrivateAddresses: boolean;
  circuitBreaker?: { failureThreshold?: number; coolDownMs?: number };
  /** Concurrent connections to one app's callback server. */
  maxConnectionsPerApp?: number;
  /** Drives the circuit breaker's cool-down (tests move it); RequestTime always uses the wall clock. */
  now?: () => number;
  logger?: CallbackLogger;
  /** Name resolution, before the address check (tests); defaults to dns.lookup. */
  resolve?: LookupFunction;
}

export interface CallbackSender {
  /** POSTs one callback to the app's URL. Never throws: every way it can end is an outcome. */
  send(app: RuntimeApp, request: CallbackRequest): Promise<CallbackOutcome>;
  circuitState(sdkAppId: number): CircuitState;
  /** Closes the app's connections and forgets its circuit (app purged). */
  forgetApp(sdkAppId: number): Promise<void>;
  close(): Promise<void>;
}

interface AppPool {
  origin: string;
  timeoutMs: number;
  pool: Pool;
}

/**
 * Sends callbacks over one keep-alive connection pool per app (keyed by SDKAppID and origin, rebuilt when the
 * app's URL or timeout changes), with the app's timeout on connect, headers, body and the whole request,
 * the address guard in the connect path, and a circuit breaker per app.
 */
export function createCallbackSender(options: CallbackSenderOptions): CallbackSender {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const lookup = guardedLookup(options.allowPrivateAddresses, options.resolve);
  const breaker = new CircuitBreaker({
    failureThreshold: options.circuitBreaker?.failureThreshold ?? DEFAULT_CIRCUIT_BREAKER.failureThreshold,
    coolDownMs: options.circuitBreaker?.coolDownMs ?? DEFAULT_CIRCUIT_BREAKER.coolDownMs,
    now,
    onChange: (sdkAppId, state) => logger.warn({ sdkAppId, circuit: state }, 'callback circuit changed'),
  });
  const pools = new Map<number, AppPool>();

  function poolFor(sdkAppId: number, origin: string, timeoutMs: number): Pool {
    const current = pools.get(sdkAppId);
    if (current && current.origin === origin && current.timeoutMs === timeoutMs) return current.pool;
    if (current) {
      // In-flight requests finish on the old pool; new ones go to the new server.
      current.pool.close().catch(() => {});
      if (current.origin !== origin) breaker.reset(sdkAppId);
    }
    const pool = new Pool(origin, {
      connections: options.maxConnectionsPerApp ?? 16,
      connect: { timeout: timeoutMs, lookup },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 30_000,
    });
    pools.set(sdkAppId, { origin, timeoutMs, pool });
    return pool;
  }

  async function post(pool: Pool, path: string, body: string, timeoutMs: number): Promise<CallbackOutcome> {
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.statusCode < 200 || response.statusCode > 299) {
        await response.body.dump().catch(() => {});
        return { kind: 'failed', reason: 'http-status', detail: `HTTP ${response.statusCode}` };
      }
      let size = 0;
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_REPLY_BYTES) {
          response.body.destroy();
          return { kind: 'failed', reason: 'bad-reply', detail: `reply over ${MAX_REPLY_BYTES} bytes` };
        }
        chunks.push(chunk as Buffer);
      }
      const reply = parseObject(Buffer.concat(chunks).toString('utf8'));
      if (!reply) return { kind: 'failed', reason: 'bad-reply', detail: 'the reply is not a JSON object' };
      return { kind: 'answered', status: response.statusCode, reply };
    } catch (error) {
      return outcomeOfError(error);
    }
  }

  return {
    async send(app, request) {
      const callbacks = app.config.callbacks;
      let target: ReturnType<typeof callbackTarget>;
      try {
        target = callbackTarget(callbacks.url, {
          sdkAppId: app.sdkAppId,
          command: request.command,
          clientIp: request.clientIp,
          optPlatform: request.optPlatform,
          token: callbacks.token,
          // The wall clock, whatever `now` is: the app server compares RequestTime with its own.
          now: Date.now(),
        });
        checkCallbackUrl(target.url, options.allowPrivateAddresses);
      } catch (error) {
        return { kind: 'refused', detail: error instanceof Error ? error.message : 'invalid URL' };
      }
      const permit = breaker.permit(app.sdkAppId);
      if (!permit.allowed) return { kind: 'circuit-open', retryAt: permit.retryAt };
      const pool = poolFor(app.sdkAppId, target.origin, callbacks.timeoutMs);
      const outcome = await post(pool, target.path, JSON.stringify(request.body), callbacks.timeoutMs);
      if (outcome.kind === 'answered') breaker.succeeded(app.sdkAppId);
      else breaker.failed(app.sdkAppId);
      return outcome;
    },

    circuitState: (sdkAppId) => breaker.state(sdkAppId),

    async forgetApp(sdkAppId) {
      const current = pools.get(sdkAppId);
      pools.delete(sdkAppId);
      breaker.reset(sdkAppId);
      await current?.pool.destroy();
    },

    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((entry) => entry.pool.destroy()));
    },
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function outcomeOfError(error: unknown): CallbackOutcome {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof CallbackUrlRefusedError) return { kind: 'refused', detail: cause.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
    return { kind: 'failed', reason: 'timeout', detail: 'no reply within the app’s callback timeout' };
  }
  const detail =
    error instanceof Error ? `${typeof code === 'string' ? `${code}: ` : ''}${error.message}` : 'error';
  return { kind: 'failed', reason: 'network', detail };
}
