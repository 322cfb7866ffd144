// Over 300 lines: the SDK's one public class; its parts (requests, sequencing, reconnect) are in their own files.
import {
  c2cConversationId,
  closeCodes,
  errorCatalogue,
  type MessageElement,
  type OpInput,
  type OpName,
  type OpResults,
  type PushPayloads,
  type SendResult,
  type WireMessage,
} from '@parley/protocol';
import { isParleyClientError, ParleyClientError } from './client-error.ts';
import type { ParleyClientEvents, ParleyClientState } from './client-events.ts';
import {
  type ParleyClientOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from './client-options.ts';
import { Connection, type ConnectionHandler } from './connection.ts';
import { goneFrom, syncPage } from './conversation-sync.ts';
import { type Deferred, deferred } from './deferred.ts';
import { decodeServerFrame, isPushFrame } from './frame-decoder.ts';
import { ParleyGroups } from './group-api.ts';
import { LivenessProbe } from './liveness-probe.ts';
import { logIn } from './log-in.ts';
import { MessageSequencer } from './message-sequencer.ts';
import { OwnSends } from './own-sends.ts';
import { PendingRequests } from './pending-requests.ts';
import { emitRecalled, routePush } from './push-router.ts';
import {
  backoffDelay,
  isRetryableLoginError,
  isSafeToResend,
  isTerminalCloseCode,
} from './reconnect-policy.ts';
import { SendRandoms } from './send-randoms.ts';
import { type SendWithRetryDeps, sendWithRetry } from './send-with-retry.ts';
import { TypedEmitter } from './typed-emitter.ts';

/** Every op an app may request; login is the client's own business (`connect()`). */
export type ClientOpName = Exclude<OpName, 'login'>;
type LoginResult = OpResults['login'];

export interface SendOptions {
  cloudCustomData?: string;
  /** The message's dedup key; by default a fresh 32-bit random. Reusing one within 5 minutes returns the first send. */
  random?: number;
}

/**
 * A client of Parley's WebSocket gateway: logs in, correlates requests with replies, reconnects with backoff,
 * and delivers messages to the app exactly once and in order per conversation (see docs/client-sdk.md).
 */
export class ParleyClient {
  readonly #options: ResolvedClientOptions;
  readonly #events: TypedEmitter<ParleyClientEvents>;
  readonly #pending: PendingRequests;
  readonly #sequencer: MessageSequencer;
  readonly #ownSends: OwnSends;
  readonly #randoms = new SendRandoms();
  #state: ParleyClientState = 'idle';
  #connection: Connection | undefined;
  #loggedIn = false;
  #lastLogin: LoginResult | undefined;
  /** Failed attempts since the last successful login. */
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #kicked = false;
  #closedByApp = false;
  #ready: Deferred<LoginResult> | undefined;
  readonly #sendDeps: SendWithRetryDeps;
  readonly #liveness: LivenessProbe;
  /** The `group.*` ops; group messages arrive through the `message` event like c2c ones. */
  readonly groups: ParleyGroups;

  constructor(options: ParleyClientOptions) {
    this.#options = resolveClientOptions(options);
    this.#events = new TypedEmitter<ParleyClientEvents>(this.#onListenerError);
    this.#pending = new PendingRequests(this.#options.requestTimeoutMs);
    this.#ownSends = new OwnSends(this.#options.userId);
    const request = this.request.bind(this);
    this.#sequencer = new MessageSequencer(
      {
        sync: (conversationId, afterSeq) =>
          syncPage(request, conversationId, afterSeq, this.#options.syncPageSize),
        deliver: (message) => this.#deliver(message),
        recalled: (data) => emitRecalled(this.#events, data),
        error: (error) => this.#reportBackgroundError(error),
        gone: goneFrom,
        retryDelayMs: this.#options.reconnect.initialDelayMs,
        concurrency: this.#options.syncConcurrency,
      },
      this.#options.lastSeenSeqs,
    );
    this.#sendDeps = {
      ownSends: this.#ownSends,
      onSent: (result) => this.#sequencer.onOwnSent(result.conversationId, result.seq),
      maxAttempts: this.#options.sendMaxAttempts,
      backoff: this.#options.reconnect,
    };
    this.groups = new ParleyGroups({
      request,
      send: (message) => sendWithRetry(this.#sendDeps, message),
      random: this.#random,
    });
    this.#liveness = new LivenessProbe(this.#options.keepaliveMs, this.#probe, this.#onDeadConnection);
  }

  get state(): ParleyClientState {
    return this.#state;
  }

  /** Requests awaiting a reply, including those waiting for a reconnect. */
  get pendingRequests(): number {
    return this.#pending.size;
  }

  on<E extends keyof ParleyClientEvents>(
    event: E,
    listener: (payload: ParleyClientEvents[E]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  once<E extends keyof ParleyClientEvents>(
    event: E,
    listener: (payload: ParleyClientEvents[E]) => void,
  ): () => void {
    return this.#events.once(event, listener);
  }

  off<E extends keyof ParleyClientEvents>(
    event: E,
    listener: (payload: ParleyClientEvents[E]) => void,
  ): void {
    this.#events.off(event, listener);
  }

  /** The highest seq of the conversation delivered to the app or sent by it (0 when none). */
  lastSeenSeq(conversationId: string): number {
    return this.#sequencer.lastSeenSeq(conversationId);
  }

  /** Every conversation's last seen seq, to persist and pass back as the `lastSeenSeqs` option. */
  lastSeenSeqs(): Record<string, number> {
    return this.#sequencer.lastSeenSeqs();
  }

  /**
   * Opens the connection and logs in; resolves with the login reply. Transient failures are retried with backoff;
   * rejects when the login is refused for good (bad UserSig, unknown app…), the server closes with a terminal
   * code, the reconnect attempts run out, or `close()` is called. After such a stop, `connect()` may start again.
   */
  connect(): Promise<LoginResult> {
    if (this.#closedByApp) return Promise.reject(ParleyClientError.local('CLIENT_CLOSED'));
    if (this.#state === 'connected' && this.#lastLogin) return Promise.resolve(this.#lastLogin);
    this.#ready ??= deferred<LoginResult>();
    if (this.#state === 'idle' || this.#state === 'closed') {
      this.#kicked = false;
      this.#attempt = 0;
      this.#open();
    }
    return this.#ready.promise;
  }

  /**
   * Sends one op and resolves with its reply data; rejects with a ParleyClientError carrying the catalogue error,
   * or REQUEST_TIMEOUT, CONNECTION_LOST (a state-changing op was sent, then the socket dropped: outcome unknown)
   * or CLIENT_CLOSED. While disconnected the request waits for the next login, within its timeout; read-only ops
   * that were in flight when the socket dropped are sent again after the reconnect.
   */
  request<Op extends ClientOpName>(op: Op, data: OpInput<Op>): Promise<OpResults[Op]> {
    if ((op as OpName) === 'login') {
      return Promise.reject(
        new ParleyClientError('INVALID_REQUEST', errorCatalogue.INVALID_REQUEST.code, {
          detail: 'The client logs in by itself: use connect().',
        }),
      );
    }
    if (this.#state === 'closed') return Promise.reject(ParleyClientError.local('CLIENT_CLOSED'));
    // The gateway builds each reply from OpResults; the client trusts that side of the contract.
    return this.#pending.add(op, data, this.#sendFrame).reply as Promise<OpResults[Op]>;
  }

  /**
   * Sends a c2c message. After a timeout or a drop it sends again with the same `random` (after the reconnect),
   * so the server stores it once and answers with the original seq. The message counts as seen: it is not
   * delivered back as a `message` event.
   */
  send(to: string, body: MessageElement[], options: SendOptions = {}): Promise<SendResult> {
    const data: OpInput<'send'> = { to, random: this.#random(options.random), body };
    if (options.cloudCustomData !== undefined) data.cloudCustomData = options.cloudCustomData;
    return sendWithRetry(this.#sendDeps, {
      random: data.random,
      conversationId: c2cConversationId(this.#options.userId, to),
      attempt: () => this.request('send', data),
    });
  }

  /** A fresh `random`, or the app's own, remembered so that the client never picks it within the dedup window. */
  readonly #random = (chosen: number | undefined): number => {
    if (chosen === undefined) return this.#randoms.next();
    this.#randoms.remember(chosen);
    return chosen;
  };

  /** Stops reconnecting, rejects pending requests with CLIENT_CLOSED and closes the socket (code 1000). */
  async close(): Promise<void> {
    if (this.#closedByApp) return;
    this.#closedByApp = true;
    const wasLoggedIn = this.#loggedIn;
    const closing = this.#stop(ParleyClientError.local('CLIENT_CLOSED'));
    if (wasLoggedIn) this.#events.emit('disconnected', { code: 1000, reason: 'client closed' });
    await closing;
  }

  readonly #handler: ConnectionHandler = {
    onOpen: (connection) => {
      if (connection === this.#connection) void this.#login(connection);
    },
    onText: (connection, text) => {
      if (connection === this.#connection) this.#onText(text);
    },
    onClose: (connection, code, reason) => {
      if (connection === this.#connection) this.#onClose(connection, code, reason);
    },
  };

  readonly #sendFrame = (frame: string): boolean => this.#loggedIn && this.#connection?.send(frame) === true;

  #open(): void {
    this.#reconnectTimer = undefined;
    this.#state = 'connecting';
    try {
      this.#connection = new Connection(this.#options.WebSocket, this.#options.url, this.#handler);
    } catch (error) {
      this.#retry(error);
    }
  }

  async #login(connection: Connection): Promise<void> {
    let result: LoginResult;
    try {
      result = await logIn(connection, this.#options, this.#pending);
    } catch (error) {
      // When the socket closed meanwhile, #onClose has already decided what happens next.
      if (connection !== this.#connection) return;
      if (isParleyClientError(error) && !isRetryableLoginError(error.name)) {
        void this.#stop(error);
        return;
      }
      this.#dropConnection(connection);
      this.#retry(error);
      return;
    }
    if (connection === this.#connection) this.#onLoggedIn(result);
  }

  #onLoggedIn(result: LoginResult): void {
    this.#loggedIn = true;
    this.#lastLogin = result;
    this.#state = 'connected';
    this.#attempt = 0;
    this.#liveness.start();
    this.#pending.flushUnsent(this.#sendFrame);
    this.#ready?.resolve(result);
    this.#ready = undefined;
    this.#events.emit('connected', result);
    void this.#sequencer.catchUp(result.conversations);
  }

  #onText(text: string): void {
    this.#liveness.frameReceived();
    const frame = decodeServerFrame(text);
    if (!frame) {
      this.#events.emit('error', new Error('The server sent a frame that is neither a reply nor a push.'));
    } else if (isPushFrame(frame)) {
      routePush(frame, this.#sequencer, this.#events, this.#onKicked);
    } else if (!this.#pending.settle(frame) && frame.id === null && !frame.ok) {
      // The gateway could not tell which request this answers (it should not happen with this client's frames).
      this.#events.emit('error', ParleyClientError.fromWire(frame.error));
    }
  }

  readonly #onKicked = (data: PushPayloads['kicked']): void => {
    // The server closes the socket next; this session must not come back and evict the newer one.
    this.#kicked = true;
    this.#events.emit('kicked', data);
  };

  #deliver(message: WireMessage): void {
    if (!this.#ownSends.claim(message)) this.#events.emit('message', message);
  }

  #onClose(connection: Connection, code: number, reason: string): void {
    const wasLoggedIn = this.#loggedIn;
    this.#dropConnection(connection);
    this.#pending.failSent(ParleyClientError.local('CONNECTION_LOST', { closeCode: code }), isSafeToResend);
    if (wasLoggedIn) this.#events.emit('disconnected', { code, reason });
    if (this.#kicked || isTerminalCloseCode(code)) {
      const detail = `The server closed the connection: ${code}${reason ? ` ${reason}` : ''}.`;
      const loggedOut = code === closeCodes.LOGGED_OUT.code;
      void this.#stop(ParleyClientError.local('CLIENT_CLOSED', { detail, closeCode: code }), !loggedOut);
      return;
    }
    this.#retry(undefined);
  }

  /** Forgets the current connection (its later events are ignored) and closes it if still open. */
  #dropConnection(connection: Connection): Promise<void> {
    connection.detach();
    if (this.#connection === connection) {
      this.#connection = undefined;
      this.#loggedIn = false;
      this.#liveness.stop();
    }
    return connection.close(1000, 'client closing');
  }

  #retry(cause: unknown): void {
    if (cause !== undefined) this.#reportBackgroundError(cause);
    this.#attempt += 1;
    const { reconnect } = this.#options;
    if (this.#attempt > reconnect.maxAttempts) {
      const detail = `Gave up reconnecting after ${reconnect.maxAttempts} attempts.`;
      void this.#stop(ParleyClientError.local('CLIENT_CLOSED', { detail, cause }));
      return;
    }
    const delayMs = backoffDelay(this.#attempt, reconnect);
    this.#state = 'reconnecting';
    this.#reconnectTimer = setTimeout(this.#reconnectNow, delayMs);
    this.#events.emit('reconnecting', { attempt: this.#attempt, delayMs });
  }

  readonly #probe = (): void => {
    this.request('ping', {}).catch(ignore);
  };

  readonly #onDeadConnection = (): void => {
    const connection = this.#connection;
    const { code } = closeCodes.KEEPALIVE_TIMEOUT;
    if (connection) this.#onClose(connection, code, 'no frame from the server within the keepalive');
  };

  readonly #reconnectNow = (): void => {
    if (this.#state === 'reconnecting') this.#open();
  };

  /**
   * Ends everything for good (until a new `connect()`): no reconnect, every pending request rejected. `report`
   * emits the reason as `error` unless the app itself asked for the end (close(), logout).
   */
  #stop(error: ParleyClientError, report = true): Promise<void> {
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const connection = this.#connection;
    const closing = connection ? this.#dropConnection(connection) : Promise.resolve();
    this.#pending.failAll(error);
    this.#ready?.reject(error);
    this.#ready = undefined;
    if (report && !this.#closedByApp) this.#events.emit('error', error);
    return closing;
  }

  /** Errors nobody awaits. Connection losses are not reported: the reconnect and its catch-up handle them. */
  #reportBackgroundError(error: unknown): void {
    if (isParleyClientError(error) && (error.name === 'CONNECTION_LOST' || error.name === 'CLIENT_CLOSED')) {
      return;
    }
    this.#events.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  readonly #onListenerError = (error: unknown, event: keyof ParleyClientEvents): void => {
    if (event !== 'error' && this.#events.listenerCount('error') > 0) {
      this.#events.emit('error', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // Like an uncaught exception in any other callback: surfaced, not swallowed.
    queueMicrotask(() => {
      throw error;
    });
  };
}

export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  return new ParleyClient(options);
}

function ignore(): void {}
