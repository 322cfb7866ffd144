import type { FriendVerification } from '@parley/app-config';

export interface Account {
  sdkAppId: number;
  userId: string;
  nick: string;
  faceUrl: string;
  createdAt: number;
  /** Muted until this time (ms); null when not muted. */
  mutedUntil: number | null;
  /** The user's own friend-add verification; null follows the app default. */
  addVerification: FriendVerification | null;
}

export interface AccountProfileChange {
  nick?: string | undefined;
  faceUrl?: string | undefined;
  mutedUntil?: number | null | undefined;
  addVerification?: FriendVerification | null | undefined;
}

/** Accounts of each app. Adapters: embedded (SQLite), MySQL. */
export interface AccountStore {
  /** Inserts the accounts that do not exist; returns which were created and which existed already. */
  importAccounts(
    sdkAppId: number,
    accounts: { userId: string; nick?: string | undefined; faceUrl?: string | undefined }[],
    now: number,
  ): Promise<{ created: string[]; existing: string[] }>;
  get(sdkAppId: number, userId: string): Promise<Account | undefined>;
  /** The subset of userIds that exist. */
  existing(sdkAppId: number, userIds: string[]): Promise<Set<string>>;
  update(sdkAppId: number, userId: string, change: AccountProfileChange): Promise<Account | undefined>;
  /** Deletes accounts (and their relations); returns the userIds that existed. */
  delete(sdkAppId: number, userIds: string[]): Promise<string[]>;
  count(sdkAppId: number): Promise<number>;
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
