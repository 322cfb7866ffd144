/** The group tables' rows as SQLite returns them, and how they become the GroupStore's records. */
import type { GroupMemberRecord, GroupRecord } from '@parley/domain';
import type { ApplyJoinOption, GroupRole, GroupType, MsgFlag } from '@parley/protocol';

export interface GroupRow {
  sdk_app_id: number;
  group_id: string;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  face_url: string;
  owner_id: string | null;
  apply_join_option: ApplyJoinOption;
  max_members: number;
  mute_all: number;
  custom_fields: string;
  support_topic: number;
  created_at: number;
  updated_at: number;
}

export interface MemberRow {
  user_id: string;
  role: GroupRole;
  joined_at: number;
  join_seq: number;
  name_card: string;
  muted_until: number | null;
  msg_flag: MsgFlag;
  read_seq: number;
  custom_fields: string;
}

/** Group columns a patch may set, by patch key. */
export const GROUP_COLUMNS = {
  name: 'name',
  introduction: 'introduction',
  notification: 'notification',
  faceUrl: 'face_url',
  applyJoinOption: 'apply_join_option',
  muteAll: 'mute_all',
  ownerId: 'owner_id',
} as const;
export const MEMBER_COLUMNS = {
  role: 'role',
  nameCard: 'name_card',
  mutedUntil: 'muted_until',
  msgFlag: 'msg_flag',
} as const;

export function mapColumns<K extends string, V>(
  columns: Record<K, string>,
  make: (column: string) => V,
): Record<K, V> {
  return Object.fromEntries(
    Object.entries<string>(columns).map(([key, column]) => [key, make(column)]),
  ) as Record<K, V>;
}

/** Custom fields after a patch: given fields replace, an empty value deletes. */
export function mergeFields(
  current: Record<string, string>,
  patch: Record<string, string>,
): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function fromGroupRow(row: GroupRow): GroupRecord {
  return {
    sdkAppId: row.sdk_app_id,
    groupId: row.group_id,
    type: row.type,
    name: row.name,
    introduction: row.introduction,
    notification: row.notification,
    faceUrl: row.face_url,
    ownerId: row.owner_id,
    applyJoinOption: row.apply_join_option,
    maxMembers: row.max_members,
    muteAll: row.mute_all !== 0,
    customFields: JSON.parse(row.custom_fields) as Record<string, string>,
    ...(row.support_topic ? { supportTopic: true } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function fromMemberRow(row: MemberRow): GroupMemberRecord {
  return {
    userId: row.user_id,
    role: row.role,
    joinedAt: row.joined_at,
    joinSeq: row.join_seq,
    nameCard: row.name_card,
    mutedUntil: row.muted_until,
    msgFlag: row.msg_flag,
    readSeq: row.read_seq,
    customFields: JSON.parse(row.custom_fields) as Record<string, string>,
  };
}
