import type { AppConfigService } from '@parley/app-config';
import { type Callbacks, createCallbacks } from '@parley/callbacks';
import type { Clock } from '@parley/domain';
import { createSqliteCallbackQueue, type EmbeddedDatabase } from '@parley/storage-embedded';

/** Tencent-style callbacks as the server wires them on the embedded default; callback servers on 127.0.0.1 allowed. */
export function wireCallbacks(deps: {
  db: EmbeddedDatabase;
  appConfig: AppConfigService;
  clock: Clock;
}): Callbacks {
  return createCallbacks({
    queue: createSqliteCallbackQueue({ db: deps.db }),
    getApp: (sdkAppId) => deps.appConfig.runtime(sdkAppId),
    allowPrivateAddresses: true,
    now: () => deps.clock.now(),
  });
}
