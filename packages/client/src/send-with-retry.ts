import type { SendResult } from '@parley/protocol';
import { isParleyClientError, isRetryableSendError } from './client-error.ts';
import type { OwnSends } from './own-sends.ts';
import { type BackoffOptions, backoffDelay } from './reconnect-policy.ts';
import { sleep } from './sleep.ts';

export interface SendWithRetryDeps {
  readonly ownSends: OwnSends;
  /** Records the stored seq as seen by the app. */
  onSent(result: SendResult): void;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
}

/** One message to send: `attempt` sends the same frame (same `random`) each time it is called. */
export interface OutgoingMessage {
  readonly random: number;
  /** The conversation the message goes to (`c2c:…` or `group:…`). */
  readonly conversationId: string;
  attempt(): Promise<SendResult>;
}

/**
 * Sends one message, again with the same `random` after a timeout, a drop or a transient server error, so the
 * gateway's (sender, random) dedup turns every retry into the first attempt's result instead of a duplicate.
 */
export async function sendWithRetry(deps: SendWithRetryDeps, message: OutgoingMessage): Promise<SendResult> {
  const { random } = message;
  deps.ownSends.begin(random, message.conversationId);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await message.attempt();
        deps.onSent(result);
        return result;
      } catch (error) {
        // The stored message came back through a push or a sync: it was sent, whatever this attempt says.
        const stored = deps.ownSends.stored(random);
        if (stored) return stored;
        if (attempt >= deps.maxAttempts || !isRetryableSendError(error)) throw error;
        // A drop needs no pause (the next request waits for the reconnect); a busy server (a catalogue
        // error, positive code) does.
        if (isParleyClientError(error) && error.code > 0) await sleep(backoffDelay(attempt, deps.backoff));
      }
    }
  } finally {
    deps.ownSends.end(random);
  }
}
