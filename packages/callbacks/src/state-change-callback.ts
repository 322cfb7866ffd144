import type { RuntimeApp } from '@parley/app-config';
import type { SessionRecord } from '@parley/domain';
import type { CallbackEmitter } from './callback-emitter.ts';
import { type CallbackLogger, silentLogger } from './callback-logger.ts';
import { optPlatformOf } from './tencent/opt-platform.ts';
import { type SessionStateAction, stateChangeBody } from './tencent/state-change-body.ts';

export interface StateChangeCallbackOptions {
  emitter: CallbackEmitter;
  /** The app as the gateway sees it (AppConfigService.runtime: cached in-process). */
  getApp: (sdkAppId: number) => Promise<RuntimeApp>;
  logger?: CallbackLogger;
  now?: () => number;
}

/** The gateway's `onStateChange`: State.StateChange for logins, logouts, disconnects and kicks. */
export type StateChangeListener = (
  session: SessionRecord,
  action: SessionStateAction,
  clientIp: string,
) => void;

export function createStateChangeCallback(options: StateChangeCallbackOptions): StateChangeListener {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  return (session, action, clientIp) => {
    // Taken now: the event's time is when it happened, not when the app was read.
    const eventTime = now();
    options.getApp(session.sdkAppId).then(
      (app) =>
        options.emitter.emit(app, {
          command: 'State.StateChange',
          clientIp,
          optPlatform: optPlatformOf(session.platform),
          body: stateChangeBody(session.userId, action, eventTime),
        }),
      (error: unknown) =>
        logger.warn(
          { err: error, sdkAppId: session.sdkAppId },
          'state change callback skipped: app unavailable',
        ),
    );
  };
}
