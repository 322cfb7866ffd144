export interface FriendRequest {
  sdkAppId: number;
  from: string;
  to: string;
  wording: string;
  createdAt: number;
}

/** Friendships (symmetric), pending friend requests and blacklists. Adapters: embedded (SQLite), MySQL. */
export interface RelationStore {
  /** Makes a and b friends (both directions) and removes pending requests between them. Idempotent. */
  addFriends(sdkAppId: number, a: string, b: string, now: number): Promise<void>;
  /** Removes the friendship both ways. Returns whether it existed. */
  removeFriends(sdkAppId: number, a: string, b: string): Promise<boolean>;
  areFriends(sdkAppId: number, a: string, b: string): Promise<boolean>;
  listFriends(sdkAppId: number, owner: string): Promise<{ userId: string; since: number }[]>;
  putFriendRequest(request: FriendRequest): Promise<void>;
  getFriendRequest(sdkAppId: number, from: string, to: string): Promise<FriendRequest | undefined>;
  deleteFriendRequest(sdkAppId: number, from: string, to: string): Promise<boolean>;
  listIncomingRequests(sdkAppId: number, to: string): Promise<FriendRequest[]>;
  /** Adds targets to owner's blacklist. Idempotent. */
  addToBlacklist(sdkAppId: number, owner: string, targets: string[], now: number): Promise<void>;
  removeFromBlacklist(sdkAppId: number, owner: string, targets: string[]): Promise<void>;
  listBlacklist(sdkAppId: number, owner: string): Promise<string[]>;
  /** Whether owner has blocked target. */
  isBlocked(sdkAppId: number, owner: string, target: string): Promise<boolean>;
  /** Removes every relation of these users (account deletion). */
  deleteUsers(sdkAppId: number, userIds: string[]): Promise<void>;
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
