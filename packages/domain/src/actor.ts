import type { RuntimeApp } from '@parley/app-config';
import type { Platform } from '@parley/protocol';

/** Who performs an operation: a logged-in session of a user of an app. */
export interface Actor {
  app: RuntimeApp;
  userId: string;
  instanceId: string;
  platform: Platform;
  clientIp: string;
}
