import type { AddressInfo } from 'node:net';
import {
  c2cConversationId,
  c2cParticipants,
  closeCodes,
  type ErrorName,
  fieldsFromIssues,
  GATEWAY_PATH,
  type OpData,
  type OpResults,
  opSchemas,
  ParleyError,
  type PushName,
  type PushPayloads,
  requestFrameSchema,
  type WireMessage,
} from '@parley/protocol';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A test double of the gateway for the SDK's unit tests: the protocol's frames over a real `ws` server on
 * 127.0.0.1, in-memory storage with per-conversation seq and (sender, random) dedup, and knobs to misbehave.
 * End-to-end tests against the real gateway live elsewhere.
 */
export interface FakeGateway {
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: { userId: string | undefined; op: string; data: Record<string, unknown> }[];
  /** Resolves when the next request of this op arrives (before it is handled). */
  nextRequest(op: string): Promise<void>;
  /** Connections accepted so far. */
  connections(): number;
  messages(conversationId: string): WireMessage[];
  /** While blocked, the user's login frames are answered by closing the socket (1013 "try again later"). */
  block(userId: string): void;
  unblock(userId: string): void;
  /** The user's next login is answered with this error (then the socket is closed with 4001 for USERSIG_*). */
  failNextLogin(userId: string, name: ErrorName): void;
  /** The user's current sockets go silent both ways (no replies, no pushes), like a network that died without a FIN. */
  freeze(userId: string): void;
  /** Terminates the user's sockets without a close handshake, like a network drop. */
  drop(userId: string): void;
  /** The next `times` requests of this op are handled but their replies are withheld, as if lost. */
  silence(op: string, times?: number): void;
  /** The next `send` of this user is stored, then the socket is dropped instead of replying. */
  dropAfterNextStore(userId: string): void;
  /** From now on every message push is sent twice, like an at-least-once bus between gateway nodes. */
  duplicatePushes(): void;
  /** Pushes of these (conversationId, seq) pairs are not sent, as if lost. */
  skipPush(conversationId: string, seq: number): void;
  /** Stores a message as if `from` had sent it, pushing it like any other. */
  store(from: string, to: string, text: string): WireMessage;
  recall(conversationId: string, seq: number): void;
  push<P extends PushName>(userId: string, push: P, data: PushPayloads[P]): void;
  /** Sends any text frame to the user's sessions. */
  sendRaw(userId: string, text: string): void;
  /** Pushes `kicked`, then closes with 4002. */
  kick(userId: string): void;
  close(): Promise<void>;
}

interface Session {
  socket: WebSocket;
  userId: string | undefined;
  frozen: boolean;
}

export async function startFakeGateway(): Promise<FakeGateway> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: GATEWAY_PATH });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const sessions = new Set<Session>();
  const conversations = new Map<string, WireMessage[]>();
  const sent = new Map<string, WireMessage>();
  const blocked = new Set<string>();
  const loginFailures = new Map<string, ErrorName>();
  const dropAfterStore = new Set<string>();
  const skippedPushes = new Set<string>();
  const silenced = new Map<string, number>();
  const requests: FakeGateway['requests'] = [];
  let accepted = 0;
  const requestWaiters: { op: string; resolve: () => void }[] = [];
  let pushCopies = 1;
  let instance = 0;

  const sessionsOf = (userId: string) => [...sessions].filter((s) => s.userId === userId);
  const pushTo = (session: Session, push: string, data: unknown) => {
    if (!session.frozen) session.socket.send(JSON.stringify({ push, data }));
  };
  const list = (conversationId: string) => {
    let messages = conversations.get(conversationId);
    if (!messages) {
      messages = [];
      conversations.set(conversationId, messages);
    }
    return messages;
  };

  function storeMessage(
    from: string,
    input: { to: string; random: number; body: WireMessage['body']; cloudCustomData?: string | undefined },
    except?: Session,
  ) {
    const { to, random } = input;
    const conversationId = c2cConversationId(from, to);
    const messages = list(conversationId);
    const seq = messages.length + 1;
    const message: WireMessage = {
      conversationId,
      seq,
      msgKey: `${seq}-${random}`,
      from,
      to,
      random,
      time: Date.now(),
      body: input.body,
    };
    if (input.cloudCustomData !== undefined) message.cloudCustomData = input.cloudCustomData;
    messages.push(message);
    sent.set(`${from}\n${random}`, message);
    if (!skippedPushes.has(`${conversationId}#${seq}`)) {
      for (const target of [...sessionsOf(to), ...sessionsOf(from)]) {
        if (target === except) continue;
        for (let copy = 0; copy < pushCopies; copy++) pushTo(target, 'message', message);
      }
    }
    return message;
  }

  function handle(session: Session, op: string, data: Record<string, unknown>): unknown {
    if (op === 'login') {
      if (session.userId) throw new ParleyError('ALREADY_LOGGED_IN');
      const login = parse('login', data);
      const failure = loginFailures.get(login.userId);
      loginFailures.delete(login.userId);
      if (login.userSig === 'expired') throw new ParleyError('USERSIG_EXPIRED');
      if (failure) throw new ParleyError(failure);
      session.userId = login.userId;
      const listed = [...conversations]
        .filter(([id]) => c2cParticipants(id)?.includes(login.userId))
        .map(([conversationId, messages]) => ({ conversationId, lastSeq: messages.length }));
      instance += 1;
      return {
        userId: login.userId,
        sdkAppId: login.sdkAppId,
        instanceId: `i${instance}`,
        serverTime: Date.now(),
        conversations: listed,
      } satisfies OpResults['login'];
    }
    const userId = session.userId;
    if (!userId) throw new ParleyError('NOT_LOGGED_IN');
    switch (op) {
      case 'ping':
        return { serverTime: Date.now() };
      case 'logout':
        setImmediate(() => session.socket.close(closeCodes.LOGGED_OUT.code, closeCodes.LOGGED_OUT.reason));
        return {};
      case 'send': {
        const send = parse('send', data);
        const message = sent.get(`${userId}\n${send.random}`) ?? storeMessage(userId, send, session);
        const result = {
          conversationId: message.conversationId,
          seq: message.seq,
          msgKey: message.msgKey,
          time: message.time,
        };
        if (dropAfterStore.delete(userId)) {
          session.socket.terminate();
          return undefined;
        }
        return result;
      }
      case 'sync': {
        const sync = parse('sync', data);
        if (!c2cParticipants(sync.conversationId)?.includes(userId))
          throw new ParleyError('NOT_A_PARTICIPANT');
        const all = list(sync.conversationId);
        const messages = all.filter((m) => m.seq > sync.afterSeq).slice(0, sync.limit);
        const last = messages.at(-1)?.seq ?? sync.afterSeq;
        return { messages, lastSeq: all.length, complete: last >= all.length } satisfies OpResults['sync'];
      }
      default:
        throw new ParleyError('UNKNOWN_OP');
    }
  }

  server.on('connection', (socket) => {
    accepted += 1;
    const session: Session = { socket, userId: undefined, frozen: false };
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
    socket.on('message', (raw) => {
      if (session.frozen) return;
      const frame = requestFrameSchema.safeParse(JSON.parse(String(raw)));
      if (!frame.success) return;
      const { id, op, data } = frame.data;
      const loginUser = op === 'login' && typeof data.userId === 'string' ? data.userId : undefined;
      if (loginUser && blocked.has(loginUser)) {
        socket.close(1013, 'try again later');
        return;
      }
      requests.push({ userId: session.userId ?? loginUser, op, data });
      for (const waiter of requestWaiters.filter((w) => w.op === op)) {
        requestWaiters.splice(requestWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      try {
        const result = handle(session, op, data);
        const silence = silenced.get(op) ?? 0;
        if (silence > 0) {
          silenced.set(op, silence - 1);
          return;
        }
        if (result !== undefined) socket.send(JSON.stringify({ id, ok: true, data: result }));
      } catch (error) {
        const wire = error instanceof ParleyError ? error.toWire() : new ParleyError('INTERNAL').toWire();
        socket.send(JSON.stringify({ id, ok: false, error: wire }));
        if (op === 'login' && wire.name.startsWith('USERSIG_')) {
          socket.close(closeCodes.LOGIN_FAILED.code, closeCodes.LOGIN_FAILED.reason);
        }
      }
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${GATEWAY_PATH}`,
    requests,
    silence: (op, times = Number.POSITIVE_INFINITY) => silenced.set(op, times),
    connections: () => accepted,
    nextRequest: (op) => new Promise((resolve) => requestWaiters.push({ op, resolve })),
    messages: (conversationId) => [...list(conversationId)],
    block: (userId) => blocked.add(userId),
    unblock: (userId) => blocked.delete(userId),
    failNextLogin: (userId, name) => loginFailures.set(userId, name),
    freeze: (userId) => {
      for (const session of sessionsOf(userId)) session.frozen = true;
    },
    drop: (userId) => {
      for (const session of sessionsOf(userId)) session.socket.terminate();
    },
    dropAfterNextStore: (userId) => dropAfterStore.add(userId),
    duplicatePushes: () => {
      pushCopies = 2;
    },
    skipPush: (conversationId, seq) => skippedPushes.add(`${conversationId}#${seq}`),
    store: (from, to, text) =>
      storeMessage(from, {
        to,
        random: Math.floor(Math.random() * 2 ** 32),
        body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
      }),
    recall: (conversationId, seq) => {
      const message = list(conversationId)[seq - 1];
      if (!message) throw new Error(`no message ${conversationId}#${seq}`);
      message.body = [];
      message.recalled = true;
      const data = { conversationId, seq, by: message.from };
      for (const session of [...sessionsOf(message.from), ...sessionsOf(message.to)])
        pushTo(session, 'recalled', data);
    },
    push: (userId, push, data) => {
      for (const session of sessionsOf(userId)) pushTo(session, push, data);
    },
    sendRaw: (userId, text) => {
      for (const session of sessionsOf(userId)) session.socket.send(text);
    },
    kick: (userId) => {
      for (const session of sessionsOf(userId)) {
        pushTo(session, 'kicked', { reason: 'multi-login', byPlatform: 'ios' });
        session.socket.close(closeCodes.KICKED.code, closeCodes.KICKED.reason);
      }
    },
    close: async () => {
      for (const session of sessions) session.socket.terminate();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function parse<Op extends 'login' | 'send' | 'sync'>(op: Op, data: Record<string, unknown>) {
  const result = opSchemas[op].safeParse(data);
  if (!result.success)
    throw new ParleyError('INVALID_REQUEST', { fields: fieldsFromIssues(result.error.issues) });
  return result.data as OpData<Op>;
}
