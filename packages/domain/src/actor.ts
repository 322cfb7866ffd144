import type { RuntimeApp } from '@parley/app-config';
import type { Platform } from '@parley/protocol';

/** Who performs an operation: a logged-in session of a user of an app. */
export interface Actor {
  readonly app: RuntimeApp;
  readonly userId: string;
  readonly instanceId: string;
  readonly platform: Platform;
  readonly clientIp: string;
}
