import type { AppStatus } from './app-record.ts';
import type { AppConfig } from './schema/index.ts';

/** What the admin API returns about an app: secrets redacted, never the secret key. */
export interface AppView {
  sdkAppId: number;
  status: AppStatus;
  revision: number;
  createdAt: string;
  updatedAt: string;
  terminatedAt: string | null;
  purgeAt: string | null;
  config: AppConfig;
}

/** An app opened for use inside the process: secrets in clear, never serialised. */
export interface RuntimeApp {
  sdkAppId: number;
  status: AppStatus;
  revision: number;
  secretKey: string;
  config: AppConfig;
}
