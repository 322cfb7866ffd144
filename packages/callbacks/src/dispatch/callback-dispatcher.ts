import type { RuntimeApp } from '@parley/app-config';
import { isParleyError } from '@parley/protocol';
import { type CallbackLogger, silentLogger } from '../callback-logger.ts';
import { callbackWanted } from '../callback-switch.ts';
import type { CallbackSender } from '../http/callback-sender.ts';
import type { CallbackQueue, ClaimedCallback } from '../queue/callback-queue.ts';
import { retryDelayMs } from './retry-backoff.ts';

export interface CallbackDispatcherOptions {
  queue: CallbackQueue;
  sender: CallbackSender;
  /** The app's current configuration (URL, token, retry policy): read at delivery, not at enqueue. */
  getApp: (sdkAppId: number) => Promise<RuntimeApp>;
  logger?: CallbackLogger;
  now?: () => number;
  /** Idle wait between two looks at the queue when nothing was due. */
  pollIntervalMs?: number;
  /** Events claimed at once. */
  batchSize?: number;
  /** Events of a batch sent at the same time. */
  concurrency?: number;
  /**
   * How long a claim hides an event from other dispatchers; an event claimed by a process that died is retried
   * after it. Must exceed the longest callback timeout (10 s).
   */
  leaseMs?: number;
  /** Wait before retrying an event whose app could not be read (storage down); not counted as an attempt. */
  appUnavailableDelayMs?: number;
}

export interface CallbackDispatcher {
  start(): void;
  /** Stops claiming and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Looks at the queue now instead of at the next poll (called when an event is queued). */
  wake(): void;
  /** One pass: claims due events and delivers them. Returns how many were handled. */
  runOnce(): Promise<number>;
}

/**
 * Delivers queued after-events: each attempt uses the app's current URL and timeout; a failure waits
 * `retry.initialBackoffMs * 2^(n-1)` and after `retry.maxAttempts` attempts the event becomes a dead letter.
 * An open circuit defers events without counting an attempt. Several dispatchers (nodes) may share a queue.
 */
export function createCallbackDispatcher(options: CallbackDispatcherOptions): CallbackDispatcher {
  const { queue, sender } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const appUnavailableDelayMs = options.appUnavailableDelayMs ?? 5_000;

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  async function deliver(item: ClaimedCallback): Promise<void> {
    let app: RuntimeApp;
    try {
      app = await options.getApp(item.sdkAppId);
    } catch (error) {
      if (isParleyError(error) && error.errorName === 'APP_NOT_FOUND') {
        await queue.complete(item);
        return;
      }
      await queue.reschedule(item, now() + appUnavailableDelayMs, item.attempts);
      return;
    }
    // Switched off (or the app terminated) since the event was queued: the app no longer wants it.
    if (app.status === 'terminated' || !callbackWanted(app, item.command)) {
      await queue.complete(item);
      return;
    }
    const outcome = await sender.send(app, item);
    if (outcome.kind === 'answered') {
      await queue.complete(item);
      return;
    }
    if (outcome.kind === 'circuit-open') {
      await queue.reschedule(item, outcome.retryAt, item.attempts);
      return;
    }
    const attempts = item.attempts + 1;
    const error = `${outcome.kind}: ${outcome.detail}`;
    const { maxAttempts, initialBackoffMs } = app.config.callbacks.retry;
    if (attempts >= maxAttempts) {
      await queue.deadLetter(item, attempts, error, now());
      logger.warn(
        { sdkAppId: item.sdkAppId, command: item.command, id: item.id, attempts, error },
        'callback dead-lettered',
      );
      return;
    }
    await queue.reschedule(item, now() + retryDelayMs(initialBackoffMs, attempts), attempts, error);
  }

  async function runOnce(): Promise<number> {
    const batch = await queue.claimDue(now(), batchSize, leaseMs);
    let next = 0;
    async function worker(): Promise<void> {
      for (let item = batch[next++]; item; item = batch[next++]) {
        // A failing queue write leaves the claim to expire: the event is retried after the lease.
        await deliver(item).catch((error: unknown) =>
          logger.error(
            { err: error, sdkAppId: item.sdkAppId, id: item.id },
            'callback delivery bookkeeping failed',
          ),
        );
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return batch.length;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'callback queue unavailable');
      }
      // A full batch means more may be due: go on at once.
      if (running && handled < batchSize) await sleep(pollIntervalMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
    },
    wake() {
      wakeUp?.();
    },
    runOnce,
  };
}
