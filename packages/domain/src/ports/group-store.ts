import type { ApplyJoinOption, GroupRole, GroupType, MsgFlag } from '@parley/protocol';

/** A group as stored. AVChatRoom groups are stored too (their members are not). Times are ms since the epoch. */
export interface GroupRecord {
  sdkAppId: number;
  groupId: string;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  /** Null once the owner of a Work group quit (the group lives on, ownerless). */
  ownerId: string | null;
  applyJoinOption: ApplyJoinOption;
  maxMembers: number;
  muteAll: boolean;
  customFields: Record<string, string>;
  /** Communities only, fixed at creation: the community may have topics (absent: false). */
  supportTopic?: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One member of a (non-AVChatRoom) group. */
export interface GroupMemberRecord {
  userId: string;
  role: GroupRole;
  joinedAt: number;
  /** The group's lastSeq when the member joined: without pre-join history they see only later messages. */
  joinSeq: number;
  nameCard: string;
  mutedUntil: number | null;
  msgFlag: MsgFlag;
  /** The member's read position (never backwards). */
  readSeq: number;
  customFields: Record<string, string>;
}

/** A membership as listed for a user: the group's type with the member's own row. */
export interface Membership {
  groupId: string;
  type: GroupType;
  member: GroupMemberRecord;
}

export interface GroupApplication {
  userId: string;
  wording: string;
  createdAt: number;
}

export type GroupPatch = Partial<
  Pick<
    GroupRecord,
    'name' | 'introduction' | 'notification' | 'faceUrl' | 'applyJoinOption' | 'muteAll' | 'ownerId'
  >
> & { customFields?: Record<string, string> };

export type MemberPatch = Partial<Pick<GroupMemberRecord, 'role' | 'nameCard' | 'mutedUntil' | 'msgFlag'>> & {
  customFields?: Record<string, string>;
};

/**
 * Groups, their members and join applications. Adapters: embedded (SQLite), MySQL. Every method is scoped by
 * `sdkAppId`; an unknown group reads as undefined/empty and writes to it change nothing.
 */
export interface GroupStore {
  /** Stores a new group with its first members; false (and nothing stored) when the ID is taken in the app. */
  create(group: GroupRecord, members: GroupMemberRecord[]): Promise<boolean>;
  get(sdkAppId: number, groupId: string): Promise<GroupRecord | undefined>;
  /** Changes the listed fields (customFields are merged; an empty value deletes a field). */
  update(sdkAppId: number, groupId: string, patch: GroupPatch, at: number): Promise<GroupRecord | undefined>;
  /** Deletes the group, its members and applications; false when there was none. */
  destroy(sdkAppId: number, groupId: string): Promise<boolean>;
  /** The app's groups by ID, after `after`, at most `limit`. */
  list(sdkAppId: number, after: string | undefined, limit: number): Promise<GroupRecord[]>;

  /**
   * Adds members that are not members yet, only if the group then has at most `maxMembers` (all or none):
   * `full` when they would not fit. Members already there are reported, not changed.
   */
  addMembers(
    sdkAppId: number,
    groupId: string,
    members: GroupMemberRecord[],
    maxMembers: number,
  ): Promise<{ added: string[]; alreadyMembers: string[]; full: boolean }>;
  /** Removes members (and their applications); returns who was removed. */
  removeMembers(sdkAppId: number, groupId: string, userIds: string[]): Promise<string[]>;
  getMembers(sdkAppId: number, groupId: string, userIds: string[]): Promise<GroupMemberRecord[]>;
  /** Members by user ID, after `after`, at most `limit`. */
  listMembers(
    sdkAppId: number,
    groupId: string,
    after: string | undefined,
    limit: number,
  ): Promise<GroupMemberRecord[]>;
  memberCount(sdkAppId: number, groupId: string): Promise<number>;
  updateMember(
    sdkAppId: number,
    groupId: string,
    userId: string,
    patch: MemberPatch,
  ): Promise<GroupMemberRecord | undefined>;
  /** Moves the member's readSeq up to `seq` (never down); returns the member as stored after. */
  markRead(
    sdkAppId: number,
    groupId: string,
    userId: string,
    seq: number,
  ): Promise<GroupMemberRecord | undefined>;
  /** Members whose readSeq is at least `seq` (`read`) or below it (`!read`), by user ID, at most `limit`. */
  readers(sdkAppId: number, groupId: string, seq: number, read: boolean, limit: number): Promise<string[]>;
  /** How many members have readSeq at least `seq`. */
  countReaders(sdkAppId: number, groupId: string, seq: number): Promise<number>;
  /** Makes `to` the owner and the previous owner (if any) a Member, in one step. */
  transferOwner(
    sdkAppId: number,
    groupId: string,
    from: string | null,
    to: string,
    at: number,
  ): Promise<void>;

  /** The user's groups (most recently joined first), at most `limit`. */
  memberships(sdkAppId: number, userId: string, limit: number): Promise<Membership[]>;
  countMemberships(sdkAppId: number, userId: string): Promise<number>;

  /** Records (or renews) a join application. */
  addApplication(sdkAppId: number, groupId: string, application: GroupApplication): Promise<void>;
  listApplications(sdkAppId: number, groupId: string): Promise<GroupApplication[]>;
  /** Deletes an application; false when there was none. */
  takeApplication(sdkAppId: number, groupId: string, userId: string): Promise<boolean>;

  /** Purge of a terminated app: its groups, members and applications. Returns how many groups. */
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
