import type { RuntimeApp } from '@parley/app-config';
import type { Platform } from '@parley/protocol';

/** Who performs an operation: a logged-in session of a user of an app, or the admin API acting for one. */
export interface Actor {
  readonly app: RuntimeApp;
  readonly userId: string;
  readonly instanceId: string;
  /** The session's platform; `restapi` for the admin API (Tencent's OptPlatform `RESTAPI`). */
  readonly platform: Platform | 'restapi';
  readonly clientIp: string;
}
