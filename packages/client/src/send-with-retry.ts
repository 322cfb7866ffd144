import type { SendResult } from '@parley/protocol';
import { isParleyClientError, isRetryableSendError } from './client-error.ts';
import type { OwnSends } from './own-sends.ts';
import { type BackoffOptions, backoffDelay } from './reconnect-policy.ts';
import { sleep } from './sleep.ts';

/**
 * How long resends keep going while the server answers DUPLICATE_IN_FLIGHT: longer than a send's claim can live on
 * the server (30 s), which is what it takes when the node holding the claim neither finishes nor dies.
 */
const IN_FLIGHT_RETRY_BUDGET_MS = 35_000;

export interface SendWithRetryDeps {
  readonly ownSends: OwnSends;
  /** Records the stored seq as seen by the app. */
  onSent(result: SendResult): void;
  /** Attempts after timeouts, drops and transient errors (DUPLICATE_IN_FLIGHT has its own time budget). */
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  /** Default IN_FLIGHT_RETRY_BUDGET_MS. */
  readonly inFlightBudgetMs?: number;
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
  const inFlightBudgetMs = deps.inFlightBudgetMs ?? IN_FLIGHT_RETRY_BUDGET_MS;
  let attempts = 0;
  let inFlight = 0;
  let inFlightSince: number | undefined;
  try {
    for (;;) {
      try {
        const result = await message.attempt();
        deps.onSent(result);
        return result;
      } catch (error) {
        // The stored message came back through a push or a sync: it was sent, whatever this attempt says.
        const stored = deps.ownSends.stored(random);
        if (stored) return stored;
        if (!isRetryableSendError(error)) throw error;
        if (isParleyClientError(error) && error.name === 'DUPLICATE_IN_FLIGHT') {
          // An earlier attempt still holds the server's claim (or a dead node does, until its liveness lapses):
          // keep asking, with backoff, for as long as a claim can live.
          inFlightSince ??= Date.now();
          if (Date.now() - inFlightSince >= inFlightBudgetMs) throw error;
          inFlight += 1;
          await sleep(backoffDelay(inFlight, deps.backoff));
          continue;
        }
        attempts += 1;
        if (attempts >= deps.maxAttempts) throw error;
        // A drop needs no pause (the next request waits for the reconnect); a busy server (a catalogue
        // error, positive code) does.
        if (isParleyClientError(error) && error.code > 0) await sleep(backoffDelay(attempts, deps.backoff));
      }
    }
  } finally {
    deps.ownSends.end(random);
  }
}
