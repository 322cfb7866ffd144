import type { RuntimeApp } from '@parley/app-config';
import { type CallbackLogger, silentLogger } from './callback-logger.ts';
import { callbackWanted } from './callback-switch.ts';
import type { CallbackRequest } from './http/callback-sender.ts';
import type { CallbackQueue } from './queue/callback-queue.ts';

export interface CallbackEmitterOptions {
  queue: CallbackQueue;
  logger?: CallbackLogger;
  now?: () => number;
  /** Called after each event is queued (wakes the dispatcher). */
  onQueued?: () => void;
}

/** Queues after-events for the dispatcher, off the request path. */
export interface CallbackEmitter {
  /**
   * Queues the event when the app wants it. Returns at once: the caller (a chat operation) never waits for
   * the insert and never sees its failure, which is logged and counted instead.
   */
  emit(app: RuntimeApp, event: CallbackRequest): void;
  /** Events whose insert failed since start (lost: there is nowhere else to keep them). */
  lostCount(): number;
}

export function createCallbackEmitter(options: CallbackEmitterOptions): CallbackEmitter {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  let lost = 0;

  function onLost(error: unknown, sdkAppId: number, command: string): void {
    lost += 1;
    logger.error({ err: error, sdkAppId, command, lostTotal: lost }, 'callback event could not be queued');
  }

  return {
    emit(app, event) {
      if (!callbackWanted(app, event.command)) return;
      try {
        options.queue
          .enqueue({
            sdkAppId: app.sdkAppId,
            command: event.command,
            clientIp: event.clientIp,
            optPlatform: event.optPlatform,
            body: event.body,
            createdAt: now(),
          })
          .then(
            () => options.onQueued?.(),
            (error: unknown) => onLost(error, app.sdkAppId, event.command),
          );
      } catch (error) {
        onLost(error, app.sdkAppId, event.command);
      }
    },
    lostCount: () => lost,
  };
}
