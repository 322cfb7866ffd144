import type { LocalSession, SessionEndAction, SessionRecord } from '@parley/domain';
import {
  type CloseCodeName,
  closeCodes,
  fieldsFromIssues,
  isOpName,
  type KickReason,
  kickedPushFrame,
  kickReasons,
  loginFailureCloseCode,
  type OpData,
  type OpName,
  opSchemas,
  ParleyError,
  requestFrameSchema,
  toParleyError,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { GatewayDeps } from './gateway-deps.ts';
import type { GatewayOptions } from './gateway-options.ts';
import { handlerFor, type OpHandlers } from './op-dispatch.ts';
import { isReadOp, type ReadTurns } from './read-turns.ts';

type Phase = 'awaiting-login' | 'logging-in' | 'active' | 'closed';

export interface ConnectionContext {
  deps: GatewayDeps;
  options: GatewayOptions;
  handlers: OpHandlers;
  readTurns: ReadTurns;
}

/**
 * One WebSocket: framing and lifecycle. It parses frames, hands login to the session service and every other op to
 * its domain service with a fresh actor, and writes replies and pushes. Every bad frame gets an error reply; too many
 * close the socket. Sends of one connection are processed in order, so their seqs follow the client's order.
 */
export class GatewayConnection implements LocalSession {
  /** Set false by each keepalive ping, true by the pong. */
  alive = true;

  readonly #socket: WebSocket;
  readonly #ctx: ConnectionContext;
  readonly #clientIp: string;
  readonly #log: Logger;
  #phase: Phase = 'awaiting-login';
  #session: SessionRecord | undefined;
  #loginTimer: NodeJS.Timeout | undefined;
  #strikes = 0;
  #strikeWindowStart = 0;
  #sendChain: Promise<void> = Promise.resolve();
  /** Requests accepted and not yet answered (GatewayOptions.maxOpsInFlight and maxSendsQueued). */
  readonly #inFlight = { send: 0, other: 0 };
  #endAction: SessionEndAction = 'Disconnect';

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

  /** The registry record of a logged-in connection (LocalSession). */
  get record(): SessionRecord {
    if (!this.#session) throw new Error('only a logged-in connection is a local session');
    return this.#session;
  }

  /** The registry record while logged in. */
  get session(): SessionRecord | undefined {
    return this.#phase === 'active' ? this.#session : undefined;
  }

  sendFrame(frame: string): void {
    if (this.#socket.readyState !== 1) return;
    if (this.#socket.bufferedAmount > this.#ctx.options.maxBufferedBytes) {
      this.close('SLOW_CONSUMER');
      return;
    }
    this.#socket.send(frame);
  }

  kick(reason: KickReason, byPlatform?: string): void {
    this.#endAction = 'Kicked';
    this.sendFrame(kickedPushFrame(reason, byPlatform));
    this.close(kickReasons[reason].closeCode);
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

  #onMessage(data: Buffer, isBinary: boolean): void {
    const startedAt = Date.now();
    if (isBinary) {
      const error = new ParleyError('INVALID_REQUEST', { detail: 'Frames are JSON text.' });
      this.#reject(null, error, 'invalid', startedAt);
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
      const error = new ParleyError('UNKNOWN_OP', { detail: `"${op.slice(0, 32)}"` });
      this.#reject(id, error, 'invalid', startedAt);
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
      void this.#login(id, parsed.data as OpData<'login'>, startedAt);
      return;
    }
    const kind = op === 'send' || op === 'group.send' ? 'send' : 'other';
    const { maxSendsQueued, maxOpsInFlight } = this.#ctx.options;
    if (this.#inFlight[kind] >= (kind === 'send' ? maxSendsQueued : maxOpsInFlight)) {
      this.#fail(id, new ParleyError('TOO_MANY_IN_FLIGHT'), op, startedAt);
      return;
    }
    this.#inFlight[kind] += 1;
    const done = () => {
      this.#inFlight[kind] -= 1;
    };
    if (kind === 'send') {
      // Sends run one after another per connection, so the client's order is the seq order.
      this.#sendChain = this.#sendChain.then(() => this.#run(id, op, parsed.data, startedAt)).finally(done);
    } else if (isReadOp(op)) {
      // Reads queue for a turn with every other connection's; a closed socket's read does nothing when it comes.
      void this.#ctx.readTurns.run(() => this.#run(id, op, parsed.data, startedAt)).finally(done);
    } else {
      void this.#run(id, op, parsed.data, startedAt).finally(done);
    }
  }

  async #run(id: string, op: OpName, data: unknown, startedAt: number): Promise<void> {
    // A closed connection starts no more work (queued sends included): nobody would read the reply.
    const session = this.session;
    if (!session) return;
    try {
      if (op === 'logout') {
        this.#endAction = 'Logout';
        this.#reply(id, {}, op, startedAt);
        this.close('LOGGED_OUT');
        return;
      }
      if (op === 'ping') {
        this.#reply(id, { serverTime: this.#ctx.deps.clock.now() }, op, startedAt);
        return;
      }
      const actor = await this.#ctx.deps.sessions.actor(session, this.#clientIp);
      const result = await handlerFor(this.#ctx.handlers, op)(actor, data as never);
      this.#reply(id, result, op, startedAt);
    } catch (error) {
      this.#fail(id, toParleyError(error), op, startedAt);
    }
  }

  async #login(id: string, data: OpData<'login'>, startedAt: number): Promise<void> {
    this.#phase = 'logging-in';
    const { deps } = this.#ctx;
    try {
      const result = await deps.sessions.login(
        { ...data, clientIp: this.#clientIp },
        () => this.#phase !== 'closed',
      );
      if (!result) return;
      clearTimeout(this.#loginTimer);
      this.#session = result.session;
      this.#phase = 'active';
      deps.cluster.attach(this, result.groupIds);
      this.#reply(id, result.reply, 'login', startedAt, data.sdkAppId);
    } catch (raw) {
      const error = toParleyError(raw);
      this.#fail(id, error, 'login', startedAt, data.sdkAppId);
      if ((this.#phase as Phase) !== 'logging-in') return;
      this.#phase = 'awaiting-login';
      this.close(loginFailureCloseCode(error.errorName));
    }
  }

  #onClose(): void {
    const session = this.session;
    this.#phase = 'closed';
    clearTimeout(this.#loginTimer);
    if (!session) return;
    this.#ctx.deps.cluster.detach(this);
    this.#ctx.deps.sessions.end(session, this.#endAction, this.#clientIp);
  }

  #reply(id: string, data: unknown, op: string, startedAt: number, sdkAppId = this.#sdkAppId()): void {
    this.sendFrame(JSON.stringify({ id, ok: true, data }));
    this.#record(op, startedAt, sdkAppId, undefined);
  }

  #fail(
    id: string | null,
    error: ParleyError,
    op: string,
    startedAt: number,
    sdkAppId = this.#sdkAppId(),
  ): void {
    if (error.errorName === 'INTERNAL') this.#log.error({ err: error.cause ?? error, op }, 'op failed');
    this.sendFrame(JSON.stringify({ id, ok: false, error: error.toWire() }));
    this.#record(op, startedAt, sdkAppId, error);
  }

  #sdkAppId(): number {
    return this.#session?.sdkAppId ?? 0;
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
