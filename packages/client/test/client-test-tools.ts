import {
  createParleyClient,
  type ParleyClient,
  type ParleyClientEvents,
  type ParleyClientOptions,
} from '@parley/client';
import type { MessageElement, WireMessage } from '@parley/protocol';
import { withTimeout } from '@parley/testing/kit';
import type { FakeGateway } from './fake-gateway.ts';

export const SDK_APP_ID = 1400000001;

/** Small, jitter-free backoff so tests run fast and the reported delays are exact. */
export const fastReconnect = { initialDelayMs: 5, maxDelayMs: 40, factor: 2, jitter: 0 };

export function text(value: string): MessageElement[] {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
}

export function textOf(message: WireMessage): string | undefined {
  const element = message.body[0];
  return element?.MsgType === 'TIMTextElem' ? element.MsgContent.Text : undefined;
}

/** Builds clients against the gateway and closes them all after the test. */
export function clientFactory(gateway: () => FakeGateway) {
  const made: ParleyClient[] = [];
  return {
    make(userId: string, options: Partial<ParleyClientOptions> = {}): ParleyClient {
      const client = createParleyClient({
        url: gateway().url,
        sdkAppId: SDK_APP_ID,
        userId,
        userSig: `sig-of-${userId}`,
        platform: 'linux',
        reconnect: fastReconnect,
        ...options,
      });
      made.push(client);
      return client;
    },
    async closeAll(): Promise<void> {
      await Promise.all(made.splice(0).map((client) => client.close()));
    },
  };
}

/** Records every payload of the given events, in order. */
export function record<E extends keyof ParleyClientEvents>(
  client: ParleyClient,
  event: E,
): ParleyClientEvents[E][] {
  const seen: ParleyClientEvents[E][] = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}

/** Resolves once `check()` holds, re-checking whenever the client emits one of `events`. */
export function until(
  client: ParleyClient,
  events: (keyof ParleyClientEvents)[],
  check: () => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    if (check()) {
      resolve();
      return;
    }
    const offs = events.map((event) =>
      client.on(event, () => {
        if (!check()) return;
        for (const off of offs) off();
        resolve();
      }),
    );
  });
}

export function nextEvent<E extends keyof ParleyClientEvents>(
  client: ParleyClient,
  event: E,
): Promise<ParleyClientEvents[E]> {
  return new Promise((resolve) => client.once(event, resolve));
}

/** Seqs delivered per conversation, in delivery order. */
export function seqsByConversation(messages: readonly WireMessage[]): Record<string, number[]> {
  const seqs: Record<string, number[]> = {};
  for (const message of messages) {
    const list = seqs[message.conversationId] ?? [];
    list.push(message.seq);
    seqs[message.conversationId] = list;
  }
  return seqs;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Resolves once `client` has delivered `count` messages (failing the test after 10 s). */
export function received(client: ParleyClient, seen: readonly WireMessage[], count: number): Promise<void> {
  return withTimeout(
    until(client, ['message'], () => seen.length >= count),
    10_000,
    `${count} messages (got ${seen.length})`,
  );
}

/** A round trip after the last expected delivery: anything more (a duplicate) would have arrived by then. */
export async function settle(...clients: ParleyClient[]): Promise<void> {
  for (const client of clients) await client.request('ping', {});
}
