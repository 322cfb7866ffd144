import type { AppConfig, AppView } from '@parley/app-config';
import type { WireError } from '@parley/protocol';

/** The JSON bodies of the admin API as the tests read them (the OpenAPI test checks the documented schemas). */
export interface ErrorReply {
  error: WireError;
}

export interface CreateReply {
  sdkAppId: number;
  secretKey: string;
  app: AppView;
}

export interface ListReply {
  apps: AppView[];
}

export interface ConfigReply {
  sdkAppId: number;
  revision: number;
  config: AppConfig;
}

export interface RotateReply {
  secretKey: string;
  app: AppView;
}

export interface AccountReply {
  userId: string;
  nick: string;
  faceUrl: string;
  createdAt: string;
  mutedUntil: string | null;
  addVerification: 'need-confirm' | 'allow-any' | 'deny-any' | null;
}

export interface ImportReply {
  created: string[];
  existing: string[];
}

export interface CheckReply {
  results: { userId: string; exists: boolean }[];
}

export interface DeleteUsersReply {
  deleted: string[];
}

export interface UserSigReply {
  userId: string;
  userSig: string;
  expireSeconds: number;
}

export interface ReadyReply {
  status: 'ready' | 'unavailable';
  checks: Record<string, 'ok' | 'failed'>;
}

export type { AppView };
