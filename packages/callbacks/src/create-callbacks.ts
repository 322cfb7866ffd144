import type { RuntimeApp } from '@parley/app-config';
import type { GroupHooks, MessageHooks, RelationEventSink } from '@parley/domain';
import { type CallbackEmitter, createCallbackEmitter } from './callback-emitter.ts';
import { createCallbackHooks } from './callback-hooks.ts';
import type { CallbackLogger } from './callback-logger.ts';
import {
  type CallbackDispatcher,
  type CallbackDispatcherOptions,
  createCallbackDispatcher,
} from './dispatch/callback-dispatcher.ts';
import { createGroupAfterHooks } from './group-after-hooks.ts';
import { createGroupBeforeHooks } from './group-before-hooks.ts';
import {
  type CallbackSender,
  type CallbackSenderOptions,
  createCallbackSender,
} from './http/callback-sender.ts';
import type { CallbackQueue } from './queue/callback-queue.ts';
import { createRelationCallbacks } from './relation-callbacks.ts';
import { createStateChangeCallback, type StateChangeListener } from './state-change-callback.ts';

export interface CallbacksOptions {
  queue: CallbackQueue;
  /** AppConfigService.runtime. */
  getApp: (sdkAppId: number) => Promise<RuntimeApp>;
  /** See CallbackSenderOptions: false in production unless the callback server is on a private network. */
  allowPrivateAddresses: boolean;
  circuitBreaker?: CallbackSenderOptions['circuitBreaker'];
  maxConnectionsPerApp?: number;
  dispatcher?: Pick<CallbackDispatcherOptions, 'pollIntervalMs' | 'batchSize' | 'concurrency' | 'leaseMs'>;
  logger?: CallbackLogger;
  now?: () => number;
}

/** Everything the server wires: the services' hooks and sinks, the gateway listener, the worker. */
export interface Callbacks {
  /** MessagingService `hooks`. */
  hooks: MessageHooks;
  /** The group services' `hooks` (Tencent's Group.Callback* commands). */
  groupHooks: GroupHooks;
  /** RelationService `events`. */
  relationEvents: RelationEventSink;
  /** Gateway `onStateChange`. */
  onStateChange: StateChangeListener;
  dispatcher: CallbackDispatcher;
  sender: CallbackSender;
  emitter: CallbackEmitter;
  queue: CallbackQueue;
  /** Purge of a terminated app: its queued events and its connections. */
  deleteApp(sdkAppId: number): Promise<number>;
  /** Stops the dispatcher and closes every connection. The queue's database belongs to the caller. */
  close(): Promise<void>;
}

export function createCallbacks(options: CallbacksOptions): Callbacks {
  const { queue, getApp, logger, now } = options;
  const common = { ...(logger ? { logger } : {}), ...(now ? { now } : {}) };
  const sender = createCallbackSender({
    allowPrivateAddresses: options.allowPrivateAddresses,
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
    ...(options.maxConnectionsPerApp ? { maxConnectionsPerApp: options.maxConnectionsPerApp } : {}),
    ...common,
  });
  const dispatcher = createCallbackDispatcher({ queue, sender, getApp, ...options.dispatcher, ...common });
  const emitter = createCallbackEmitter({ queue, onQueued: () => dispatcher.wake(), ...common });
  return {
    hooks: createCallbackHooks({ sender, emitter, ...common }),
    groupHooks: {
      ...createGroupBeforeHooks({ sender, ...common }),
      ...createGroupAfterHooks({ emitter, ...(now ? { now } : {}) }),
    },
    relationEvents: createRelationCallbacks({ emitter, ...(now ? { now } : {}) }),
    onStateChange: createStateChangeCallback({ emitter, getApp, ...common }),
    dispatcher,
    sender,
    emitter,
    queue,
    async deleteApp(sdkAppId) {
      await sender.forgetApp(sdkAppId);
      return queue.deleteApp(sdkAppId);
    },
    async close() {
      await dispatcher.stop();
      await sender.close();
    },
  };
}
