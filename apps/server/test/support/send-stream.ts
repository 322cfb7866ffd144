import { errorCatalogue, type WireMessage } from '@parley/protocol';
import {
  ConnectionLostError,
  nextRandom,
  ReplyError,
  sleep,
  type TestSocket,
  text,
} from '@parley/testing/kit';

/** Where a stream sends: a user (c2c `send`) or a group (`group.send`). */
export type SendTarget = { to: string } | { groupId: string };

/** The acknowledgement of a send, c2c or group. */
export interface SendAck {
  seq: number;
  msgKey: string;
}

const rateLimitCodes: ReadonlySet<number> = new Set([
  errorCatalogue.RATE_LIMITED.code,
  errorCatalogue.GROUP_RATE_LIMITED.code,
]);

/**
 * One send, retried after a pause while the app's or the group's message rate refuses it (a refused send is not
 * stored, so the retry with the same random is the send a client makes; a group takes 40 messages per second).
 */
async function sendTo(
  socket: TestSocket,
  target: SendTarget,
  random: number,
  body: string,
  timeoutMs?: number,
): Promise<SendAck> {
  const data = { random, body: text(body) };
  for (;;) {
    try {
      return 'groupId' in target
        ? await socket.ok('group.send', { groupId: target.groupId, ...data }, timeoutMs)
        : await socket.ok('send', { to: target.to, ...data }, timeoutMs);
    } catch (error) {
      if (!(error instanceof ReplyError && rateLimitCodes.has(error.error.code))) throw error;
      await sleep(100);
    }
  }
}

/** One message of a send stream: `result` is set once a send of it was acknowledged. */
export interface StreamedSend {
  random: number;
  text: string;
  result: SendAck | undefined;
}

/**
 * Sends up to `count` text messages to `target`, keeping `window` sends in flight, until every one was acknowledged
 * or the connection drops. Resolves with every message it started, in the order they were sent (the order the
 * gateway assigns seqs in); those in flight at the drop have no result. Any error reply fails the stream.
 */
export async function pipelineSends(
  socket: TestSocket,
  target: SendTarget,
  { count, window }: { count: number; window: number },
  onAck: (item: StreamedSend) => void = () => {},
): Promise<StreamedSend[]> {
  const sent: StreamedSend[] = [];
  let lost = false;
  const worker = async () => {
    while (!lost && sent.length < count) {
      const item: StreamedSend = { random: nextRandom(), text: `m${sent.length}`, result: undefined };
      sent.push(item);
      try {
        item.result = await sendTo(socket, target, item.random, item.text, 30_000);
        onAck(item);
      } catch (error) {
        if (!(error instanceof ConnectionLostError)) throw error;
        lost = true;
      }
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return sent;
}

/**
 * How long after the kill of its node a resend of a message whose first send died with it may keep getting
 * DUPLICATE_IN_FLIGHT (issue 15: within 5 s). The dead node's claim on the random is taken over once its liveness
 * lapses (NODE_TTL_MS, 3 s).
 */
const RESEND_BOUND_MS = 5_000;

/**
 * Resends a message with its original random (DUPLICATE_IN_FLIGHT means: retry), and fails unless it is
 * acknowledged within RESEND_BOUND_MS of `killedAt`.
 */
export async function resendUntilSettled(
  socket: TestSocket,
  target: SendTarget,
  item: StreamedSend,
  killedAt: number,
): Promise<SendAck> {
  const late = (what: string) =>
    new Error(
      `the resend of random ${item.random} ${what} ${Date.now() - killedAt} ms after the kill (bound ` +
        `${RESEND_BOUND_MS} ms): the claim of the killed node did not lapse in time`,
    );
  for (;;) {
    try {
      const ack = await sendTo(socket, target, item.random, item.text);
      if (Date.now() - killedAt > RESEND_BOUND_MS) throw late('was acknowledged only');
      return ack;
    } catch (error) {
      const inFlight =
        error instanceof ReplyError && error.error.code === errorCatalogue.DUPLICATE_IN_FLIGHT.code;
      if (!inFlight) throw error;
      if (Date.now() - killedAt > RESEND_BOUND_MS) throw late('still got DUPLICATE_IN_FLIGHT');
      await sleep(100);
    }
  }
}

/** The messages with seqs 1, 2, 3… up to the first gap (what a client has seen for sure, from pushes). */
export function contiguousPrefix(messages: readonly WireMessage[]): WireMessage[] {
  const bySeq = new Map(messages.map((m) => [m.seq, m]));
  const prefix: WireMessage[] = [];
  for (let seq = 1; ; seq += 1) {
    const message = bySeq.get(seq);
    if (!message) return prefix;
    prefix.push(message);
  }
}
