import type { AppConfig } from '@parley/app-config';
import type { ApplyJoinOption, GroupType } from '@parley/protocol';

/** What a group type allows, from Tencent's "Group types" table (docs/protocol.md, Groups). */
export interface GroupTypeRules {
  /** Members may invite others in (Work: any member, no approval; Community: owner/admin). */
  invite: 'any-member' | 'admins' | 'none';
  /** The default ApplyJoinOption; Work groups take no applications at all. */
  defaultApplyJoin: ApplyJoinOption;
  /** Applications are possible (Work groups join by invitation only). */
  applications: boolean;
  /** The type has Admins (Work and AVChatRoom do not). */
  admins: boolean;
  /** Who may disband: Work groups only by the app admin. */
  disband: 'app-admin' | 'owner';
  /** The owner may quit (Work: the group lives on, ownerless). */
  ownerMayQuit: boolean;
  /** Who may remove members: AVChatRoom mutes instead. */
  kick: 'owner' | 'admins' | 'none';
  /** Ordinary members may edit name, introduction, notification and face URL (Work). */
  membersEditInfo: boolean;
  /** Messages are stored (AVChatRoom keeps none beyond its new-member buffer). */
  storesHistory: boolean;
  /** Members are stored (AVChatRoom members are the online ones, per node). */
  storesMembers: boolean;
  /** Unread counts are kept (not Meeting, not AVChatRoom). */
  unread: boolean;
  /** Messages reach online members only by default (Meeting, AVChatRoom). */
  onlineOnlyByDefault: boolean;
  /** Read receipts (who read a message) for groups of at most 200 members. */
  receipts: boolean;
  /** Members may be recalled-by-others: AVChatRoom messages have no stored history to recall. */
  recall: boolean;
}

const RULES: Record<GroupType, GroupTypeRules> = {
  Work: {
    invite: 'any-member',
    defaultApplyJoin: 'DisableApply',
    applications: false,
    admins: false,
    disband: 'app-admin',
    ownerMayQuit: true,
    kick: 'owner',
    membersEditInfo: true,
    storesHistory: true,
    storesMembers: true,
    unread: true,
    onlineOnlyByDefault: false,
    receipts: true,
    recall: true,
  },
  Public: {
    invite: 'none',
    defaultApplyJoin: 'NeedPermission',
    applications: true,
    admins: true,
    disband: 'owner',
    ownerMayQuit: false,
    kick: 'admins',
    membersEditInfo: false,
    storesHistory: true,
    storesMembers: true,
    unread: true,
    onlineOnlyByDefault: false,
    receipts: true,
    recall: true,
  },
  Meeting: {
    invite: 'none',
    defaultApplyJoin: 'FreeAccess',
    applications: true,
    admins: true,
    disband: 'owner',
    ownerMayQuit: false,
    kick: 'admins',
    membersEditInfo: false,
    storesHistory: true,
    storesMembers: true,
    unread: false,
    onlineOnlyByDefault: true,
    receipts: true,
    recall: true,
  },
  AVChatRoom: {
    invite: 'none',
    defaultApplyJoin: 'FreeAccess',
    applications: true,
    admins: false,
    disband: 'owner',
    ownerMayQuit: false,
    kick: 'none',
    membersEditInfo: false,
    storesHistory: false,
    storesMembers: false,
    unread: false,
    onlineOnlyByDefault: true,
    receipts: false,
    recall: false,
  },
  Community: {
    invite: 'admins',
    defaultApplyJoin: 'FreeAccess',
    applications: true,
    admins: true,
    disband: 'owner',
    ownerMayQuit: false,
    kick: 'admins',
    membersEditInfo: false,
    storesHistory: true,
    storesMembers: true,
    unread: true,
    onlineOnlyByDefault: false,
    receipts: false,
    recall: true,
  },
};

export function rulesOf(type: GroupType): GroupTypeRules {
  return RULES[type];
}

/**
 * Tencent: a Community holds 100,000 members; AVChatRoom has no limit, stored as the largest unsigned 32-bit
 * integer (every store's member-bound column holds it; no room comes near it).
 */
export const COMMUNITY_MAX_MEMBERS = 100_000;
export const AVCHATROOM_MAX_MEMBERS = 4_294_967_295;

/** The most members a group of this type may have under the app's plan. */
export function planMaxMembers(config: AppConfig, type: GroupType): number {
  if (type === 'AVChatRoom') return AVCHATROOM_MAX_MEMBERS;
  if (type === 'Community') return COMMUNITY_MAX_MEMBERS;
  return config.plan.maxGroupMembers;
}

/** Whether members see messages sent before they joined. */
export function seesPreJoinHistory(config: AppConfig, type: GroupType): boolean {
  if (type === 'AVChatRoom') return false;
  return config.groups.preJoinHistory[type];
}
