import { randomUUID } from 'node:crypto';
import { type Actor, type SessionRecord, decideEvictions } from '@parley/domain';
import {
  type CloseCodeName,
  type OpName,
  ParleyError,
  closeCodes,
  fieldsFromIssues,
  isOpName,
  opSchemas,
  requestFrameSchema,
  toParleyError,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { GatewayDeps, StateChangeAction } from './gateway-deps.ts';
import type { GatewayOptions } from './gateway-options.ts';
import type { LocalConnection } from './local-connections.ts';
import { type OpHandlers, handlerFor } from './op-dispatch.ts';

type Phase = 'awaiting-login' | 'logging-in' | 'active' | 'closed';

export interface ConnectionContext {
  deps: GatewayDeps;
  options: GatewayOptions;
  handlers: OpHandlers;
}

/**
 * One WebSocket: login, then request/reply frames. Every bad frame gets an error reply; too many close the
 * socket. Sends of one connection are processed in order, so their seqs follow the order the client sent them.
 */
export class GatewayConnection implements LocalConnection {
  sdkAppId = 0;
  userId = '';
  instanceId = '';
  /** Set false by each keepalive ping, true by the pong. */
  alive = true;

  readonly #socket: WebSocket;
  readonly #ctx: ConnectionContext;
  readonly #clientIp: string;
  readonly #log: Logger;
  #phase: Phase = 'awaiting-login';
  #actor: Actor | undefined;
  #session: SessionRecord | undefined;
  #loginTimer: NodeJS.Timeout | undefined;
  #strikes = 0;
  #strikeWindowStart = 0;
  #sendChain: Promise<void> = Promise.resolve();
  #endAction: StateChangeAction = 'Disconnect';

  constructor(socket: WebSocket, ctx: ConnectionContext, clientIp: string, log: Logger) {
    this.#socket = socket;
    this.#ctx = ctx;
    this.#clientIp = clientIp;
    this.#log = log;
    this.#loginTimer = setTimeout(() => this.close('LOGIN_TIMEOUT'), ctx.options.loginTimeoutMs);
    socket.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.#onClose());
    socket.on('error', (error) => this.#log.debug({ err: error }, 'socket error'));
  }

  sendFrame(frame: string): void {
    if (this.#socket.readyState !== 1) return;
    if (this.#socket.bufferedAmount > this.#ctx.options.maxBufferedBytes) {
      this.close('SLOW_CONSUMER');
      return;
    }
    this.#socket.send(frame);
  }

  kick(frame: string, reason: 'multi-login' | 'account-deleted' | 'app-unavailable'): void {
    this.#endAction = 'Kicked';
    this.sendFrame(frame);
    const code: Record<typeof reason, CloseCodeName> = {
      'multi-login': 'KICKED',
      'account-deleted': 'ACCOUNT_DELETED',
      'app-unavailable': 'APP_UNAVAILABLE',
    };
    this.close(code[reason]);
  }

  close(name: CloseCodeName): void {
    const { code, reason } = closeCodes[name];
    if (this.#socket.readyState === 0 || this.#socket.readyState === 1) this.#socket.close(code, reason);
  }

  terminate(): void {
    this.#socket.terminate();
  }

  ping(): void {
    if (this.#socket.readyState === 1) this.#socket.ping();
  }

  onceClosed(listener: () => void): void {
    if (this.#socket.readyState === 3) listener();
    else this.#socket.once('close', listener);
  }

  /** The registry record of a logged-in connection. */
  get session(): SessionRecord | undefined {
    return this.#phase === 'active' ? this.#session : undefined;
  }

  get isActive(): boolean {
    return this.#phase === 'active';
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    const startedAt = Date.now();
    if (isBinary) {
      this.#reject(
        null,
        new ParleyError('INVALID_REQUEST', { detail: 'Frames are JSON text.' }),
        'invalid',
        startedAt,
      );
      return;
    }
    if (data.length > this.#ctx.options.maxFrameBytes) {
      this.#reject(null, new ParleyError('FRAME_TOO_LARGE'), 'invalid', startedAt);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      this.#reject(null, new ParleyError('MALFORMED_JSON'), 'invalid', startedAt);
      return;
    }
    const frame = requestFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      const error = new ParleyError('INVALID_REQUEST', { fields: fieldsFromIssues(frame.error.issues) });
      this.#reject(id, error, 'invalid', startedAt);
      return;
    }
    const { id, op, data: body } = frame.data;
    if (!isOpName(op)) {
      this.#reject(
        id,
        new ParleyError('UNKNOWN_OP', { detail: `"${op.slice(0, 32)}"` }),
        'invalid',
        startedAt,
      );
      return;
    }
    if (op === 'login') {
      if (this.#phase !== 'awaiting-login') {
        this.#reject(id, new ParleyError('ALREADY_LOGGED_IN'), op, startedAt);
        return;
      }
    } else if (this.#phase !== 'active') {
      this.#reject(id, new ParleyError('NOT_LOGGED_IN'), op, startedAt);
      return;
    }
    const parsed = opSchemas[op].safeParse(body);
    if (!parsed.success) {
      const error = new ParleyError('INVALID_REQUEST', { fields: fieldsFromIssues(parsed.error.issues) });
      this.#reject(id, error, op, startedAt);
      return;
    }
    if (op === 'login') {
      void this.#login(id, parsed.data as never, startedAt);
    } else if (op === 'send') {
      // Sends run one after another per connection, so the client's order is the seq order.
      this.#sendChain = this.#sendChain.then(() => this.#run(id, op, parsed.data, startedAt));
    } else {
      void this.#run(id, op, parsed.data, startedAt);
    }
  }

  async #run(id: string, op: OpName, data: unknown, startedAt: number): Promise<void> {
    const actor = this.#actor;
    if (!actor || this.#phase !== 'active') return;
    try {
      let result: unknown;
      if (op === 'ping') {
        result = { serverTime: this.#ctx.deps.clock.now() };
      } else if (op === 'logout') {
        this.#endAction = 'Logout';
        this.#reply(id, {}, op, startedAt);
        this.close('LOGGED_OUT');
        return;
      } else {
        const { appConfig } = this.#ctx.deps;
        actor.app = appConfig.cached(this.sdkAppId) ?? (await appConfig.runtime(this.sdkAppId));
        if (actor.app.status !== 'active') {
          throw new ParleyError(actor.app.status === 'disabled' ? 'APP_DISABLED' : 'APP_TERMINATED');
        }
        result = await handlerFor(this.#ctx.handlers, op)(actor, data as never);
      }
      this.#reply(id, result, op, startedAt);
    } catch (error) {
      this.#fail(id, toParleyError(error), op, startedAt);
    }
  }

  async #login(
    id: string,
    data: { sdkAppId: number; userId: string; userSig: string; platform: Actor['platform'] },
    startedAt: number,
  ): Promise<void> {
    this.#phase = 'logging-in';
    const { deps } = this.#ctx;
    try {
      const app = await deps.appConfig.verifyUserSig(data.sdkAppId, data.userId, data.userSig);
      if (app.status !== 'active')
        throw new ParleyError(app.status === 'disabled' ? 'APP_DISABLED' : 'APP_TERMINATED');
      const now = deps.clock.now();
      // Tencent imports an unknown account at its first login.
      if (!(await deps.accounts.get(data.sdkAppId, data.userId))) {
        await deps.accounts.importAccounts(data.sdkAppId, [{ userId: data.userId }], now);
      }
      const instanceId = randomUUID();
      const actor: Actor = {
        app,
        userId: data.userId,
        instanceId,
        platform: data.platform,
        clientIp: this.#clientIp,
      };
      // Everything that can fail on storage happens before the session exists, so a failed login leaves nothing.
      const conversations = await deps.messaging.conversationSeqs(actor);
      const session: SessionRecord = {
        sdkAppId: data.sdkAppId,
        userId: data.userId,
        instanceId,
        platform: data.platform,
        nodeId: deps.nodeId,
        connectedAt: now,
      };
      const evicted = await deps.sessions.register(
        session,
        (existing) => decideEvictions(app.config.multiLogin, session, existing),
        app.config.plan.maxConcurrentConnections,
      );
      if ((this.#phase as Phase) === 'closed') {
        await deps.sessions.unregister(session);
        return;
      }
      clearTimeout(this.#loginTimer);
      this.sdkAppId = session.sdkAppId;
      this.userId = session.userId;
      this.instanceId = session.instanceId;
      this.#session = session;
      this.#actor = actor;
      this.#phase = 'active';
      deps.router.local.add(this);
      if (evicted.length > 0) {
        const frame = JSON.stringify({
          push: 'kicked',
          data: { reason: 'multi-login', byPlatform: data.platform },
        });
        for (const old of evicted) deps.router.kick(old, frame);
      }
      this.#reply(
        id,
        {
          userId: data.userId,
          sdkAppId: data.sdkAppId,
          instanceId: session.instanceId,
          serverTime: deps.clock.now(),
          conversations,
        },
        'login',
        startedAt,
        data.sdkAppId,
      );
      deps.onStateChange?.(session, 'Login', this.#clientIp);
    } catch (raw) {
      const error = toParleyError(raw);
      this.#fail(id, error, 'login', startedAt, data.sdkAppId);
      if (this.#phase === 'active') return;
      this.#phase = 'awaiting-login';
      const closeName: CloseCodeName =
        error.errorName === 'CONNECTION_QUOTA_EXCEEDED'
          ? 'CONNECTION_QUOTA'
          : error.errorName === 'APP_DISABLED' || error.errorName === 'APP_TERMINATED'
            ? 'APP_UNAVAILABLE'
            : error.errorName === 'STORAGE_UNAVAILABLE' || error.errorName === 'INTERNAL'
              ? 'TRY_AGAIN_LATER'
              : 'LOGIN_FAILED';
      this.close(closeName);
    }
  }

  #onClose(): void {
    const wasActive = this.#phase === 'active';
    this.#phase = 'closed';
    clearTimeout(this.#loginTimer);
    if (!wasActive || !this.#session) return;
    const { deps } = this.#ctx;
    deps.router.local.remove(this);
    const session = this.#session;
    deps.sessions
      .unregister(session)
      .catch((error: unknown) => this.#log.warn({ err: error }, 'unregister failed'));
    deps.onStateChange?.(session, this.#endAction, this.#clientIp);
  }

  #reply(id: string, data: unknown, op: string, startedAt: number, sdkAppId = this.sdkAppId): void {
    this.sendFrame(JSON.stringify({ id, ok: true, data }));
    this.#record(op, startedAt, sdkAppId, undefined);
  }

  #fail(
    id: string | null,
    error: ParleyError,
    op: string,
    startedAt: number,
    sdkAppId = this.sdkAppId,
  ): void {
    if (error.errorName === 'INTERNAL') this.#log.error({ err: error.cause ?? error, op }, 'op failed');
    this.sendFrame(JSON.stringify({ id, ok: false, error: error.toWire() }));
    this.#record(op, startedAt, sdkAppId, error);
  }

  /** A frame that breaks the protocol: an error reply, and a strike towards closing the socket. */
  #reject(id: string | null, error: ParleyError, op: string, startedAt: number): void {
    this.#fail(id, error, op, startedAt);
    const now = Date.now();
    if (now - this.#strikeWindowStart > this.#ctx.options.abuseWindowMs) {
      this.#strikeWindowStart = now;
      this.#strikes = 0;
    }
    this.#strikes += 1;
    if (this.#strikes > this.#ctx.options.abuseThreshold) this.close('ABUSE');
  }

  #record(op: string, startedAt: number, sdkAppId: number, error: ParleyError | undefined): void {
    const record = this.#ctx.deps.recordCall;
    if (!record) return;
    const call = {
      sdkAppId: sdkAppId || null,
      interface: `ws.${op}`,
      clientIp: this.#clientIp,
      startedAt,
      durationMs: Date.now() - startedAt,
    };
    record(error ? { ...call, error: { code: error.code, name: error.errorName } } : call);
  }
}
