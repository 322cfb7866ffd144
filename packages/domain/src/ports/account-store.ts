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
  /**
   * The profile tags kept beyond nick, faceUrl and addVerification (which are Tag_Profile_IM_Nick, _Image and
   * _AllowType): the other standard `Tag_Profile_IM_*` tags and the app's `Tag_Profile_Custom_*` ones, by tag.
   * A tag never set is absent. Deleted with the account.
   */
  profileFields: ProfileFields;
}

/** Profile values by tag: Tencent's are strings or unsigned integers. */
export type ProfileFields = Record<string, string | number>;

export interface AccountProfileChange {
  nick?: string | undefined;
  faceUrl?: string | undefined;
  mutedUntil?: number | null | undefined;
  addVerification?: FriendVerification | null | undefined;
  /** Merged into `profileFields`: the tags given replace theirs, the others stay. */
  profileFields?: ProfileFields | undefined;
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
  /** The accounts of those userIds that exist, in no particular order. */
  getMany(sdkAppId: number, userIds: string[]): Promise<Account[]>;
  /** The subset of userIds that exist. */
  existing(sdkAppId: number, userIds: string[]): Promise<Set<string>>;
  update(sdkAppId: number, userId: string, change: AccountProfileChange): Promise<Account | undefined>;
  /** Deletes accounts (and their relations); returns the userIds that existed. */
  delete(sdkAppId: number, userIds: string[]): Promise<string[]>;
  count(sdkAppId: number): Promise<number>;
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
