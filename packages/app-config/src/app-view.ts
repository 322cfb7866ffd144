import type { AppRecord, AppStatus } from './app-record.ts';
import { type AppConfig, mapSecrets, REDACTED } from './schema/index.ts';

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

/** The admin view of a stored record: ISO times, every secret redacted. */
export function toAppView(record: AppRecord): AppView {
  return {
    sdkAppId: record.sdkAppId,
    status: record.status,
    revision: record.revision,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    terminatedAt: record.terminatedAt === null ? null : new Date(record.terminatedAt).toISOString(),
    purgeAt: record.purgeAt === null ? null : new Date(record.purgeAt).toISOString(),
    config: mapSecrets(record.config, () => REDACTED),
  };
}
