import type { AppConfigService } from '@parley/app-config';
import { type CallbackQueue, type Callbacks, createCallbacks } from '@parley/callbacks';
import { createSqliteCallbackQueue } from '@parley/storage-embedded';
import { createMysqlCallbackQueue } from '@parley/storage-mysql';
import type { Logger } from 'pino';
import type { Backends } from './open-backends.ts';
import type { ServerConfig } from './server-config.ts';

/** Tencent-style callbacks, their durable queue kept next to the app configuration (SQLite or MySQL). */
export function openCallbacks(
  config: ServerConfig,
  backends: Backends,
  appConfig: AppConfigService,
  logger: Logger,
  now: () => number,
): Callbacks {
  let queue: CallbackQueue;
  switch (config.config.kind) {
    case 'embedded': {
      if (!backends.embeddedDb) throw new Error('the embedded database is not open');
      queue = createSqliteCallbackQueue({ db: backends.embeddedDb });
      break;
    }
    case 'mysql': {
      if (!backends.mysqlPool) throw new Error('the MySQL pool is not open');
      queue = createMysqlCallbackQueue({ pool: backends.mysqlPool });
      break;
    }
    default: {
      const unknown: never = config.config;
      throw new Error(`Unknown config store: ${JSON.stringify(unknown)}`);
    }
  }
  return createCallbacks({
    queue,
    getApp: (sdkAppId) => appConfig.runtime(sdkAppId),
    allowPrivateAddresses: config.callbacksAllowPrivate,
    logger: logger.child({ component: 'callbacks' }),
    now,
  });
}
