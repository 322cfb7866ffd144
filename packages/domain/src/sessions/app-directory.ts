import type { RuntimeApp } from '@parley/app-config';

/** What sessions need of the application-configuration service (AppConfigService implements it). */
export interface AppDirectory {
  /** Verifies a user's UserSig against the app's key; resolves with the opened app. */
  verifyUserSig(sdkAppId: number, userId: string, userSig: string): Promise<RuntimeApp>;
  /** The cached app, without I/O, when this node has it. */
  cached(sdkAppId: number): RuntimeApp | undefined;
  runtime(sdkAppId: number): Promise<RuntimeApp>;
  /** Called once per change of an app's configuration or status on this node. */
  onChange(listener: (sdkAppId: number, revision: number) => void): () => void;
}
