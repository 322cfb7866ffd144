import type { AppConfig } from './schema/index.ts';

export type AppStatus = 'active' | 'disabled' | 'terminated';
export type FriendVerification = AppConfig['friends']['defaultAddVerification'];

/**
 * An app as stored. Secrets inside `config` and `sealedSecretKey` are sealed with the secret box (AES-256-GCM);
 * they are opened only in memory, by the service.
 */
export interface AppRecord {
  sdkAppId: number;
  status: AppStatus;
  sealedSecretKey: string;
  config: AppConfig;
  /** Increases by one on every change; PATCH can send it to refuse lost updates. */
  revision: number;
  createdAt: number;
  updatedAt: number;
  terminatedAt: number | null;
  /** When the configuration data is due for deletion (2 months after termination, per the privacy policy). */
  purgeAt: number | null;
}

export type NewAppRecord = Omit<AppRecord, 'sdkAppId'>;
export type AppRecordChange = Partial<
  Pick<AppRecord, 'status' | 'sealedSecretKey' | 'config' | 'terminatedAt' | 'purgeAt'>
> & {
  updatedAt: number;
};
