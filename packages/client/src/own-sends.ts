import type { SendResult, WireMessage } from '@parley/protocol';

interface InFlightSend {
  readonly conversationId: string;
  /** Set when the stored message came back (push or sync) before the send's own reply. */
  stored: SendResult | undefined;
}

/**
 * Messages this client is sending, by `random`. The app learns of its own message from `send()`'s result, so
 * when the same message arrives through a push or a catch-up sync first (a reply lost to a drop, a gateway that
 * echoes), it is swallowed here and its stored form becomes the send's result.
 */
export class OwnSends {
  readonly #inFlight = new Map<number, InFlightSend>();
  readonly #userId: string;

  constructor(userId: string) {
    this.#userId = userId;
  }

  begin(random: number, conversationId: string): void {
    this.#inFlight.set(random, { conversationId, stored: undefined });
  }

  /** The stored message seen for this send, if any. */
  stored(random: number): SendResult | undefined {
    return this.#inFlight.get(random)?.stored;
  }

  end(random: number): void {
    this.#inFlight.delete(random);
  }

  /** True when the message is one of this client's sends in flight: it is then recorded, not delivered. */
  claim(message: WireMessage): boolean {
    if (message.from !== this.#userId) return false;
    const send = this.#inFlight.get(message.random);
    if (!send || send.conversationId !== message.conversationId) return false;
    send.stored = {
      conversationId: message.conversationId,
      seq: message.seq,
      msgKey: message.msgKey,
      time: message.time,
    };
    return true;
  }
}
