/** The group tables' rows as mysql2 returns them, and how they become the GroupStore's records. */
import type { GroupMemberRecord, GroupPatch, GroupRecord, MemberPatch } from '@parley/domain';
import type { ApplyJoinOption, GroupRole, GroupType, MsgFlag } from '@parley/protocol';
import type { RowDataPacket } from 'mysql2/promise';
import { userIdOf } from './user-relations.ts';

export interface GroupRow extends RowDataPacket {
  sdk_app_id: number;
  group_id: Buffer;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  face_url: string;
  owner_id: Buffer | null;
  apply_join_option: ApplyJoinOption;
  max_members: number;
  mute_all: number;
  custom_fields: string;
  support_topic: number;
  created_at: number;
  updated_at: number;
}

export interface MemberRow extends RowDataPacket {
  user_id: Buffer;
  role: GroupRole;
  joined_at: number;
  join_seq: number;
  name_card: string;
  muted_until: number | null;
  msg_flag: MsgFlag;
  read_seq: number;
  custom_fields: string;
}

export const GROUP_COLUMNS =
  'sdk_app_id, group_id, type, name, introduction, notification, face_url, owner_id, apply_join_option, ' +
  'max_members, mute_all, custom_fields, support_topic, created_at, updated_at';
export const MEMBER_COLUMNS =
  'user_id, role, joined_at, join_seq, name_card, muted_until, msg_flag, read_seq, custom_fields';

/** Group columns a patch may set, by patch key. */
const GROUP_PATCH_COLUMNS = {
  name: 'name',
  introduction: 'introduction',
  notification: 'notification',
  faceUrl: 'face_url',
  applyJoinOption: 'apply_join_option',
  muteAll: 'mute_all',
  ownerId: 'owner_id',
} as const satisfies Record<Exclude<keyof GroupPatch, 'customFields'>, string>;

const MEMBER_PATCH_COLUMNS = {
  role: 'role',
  nameCard: 'name_card',
  mutedUntil: 'muted_until',
  msgFlag: 'msg_flag',
} as const satisfies Record<Exclude<keyof MemberPatch, 'customFields'>, string>;

/** `col = ?` assignments and their values for the patch's listed fields, custom fields merged into `current`. */
export function groupAssignments(patch: GroupPatch, current: GroupRecord) {
  return assignments(GROUP_PATCH_COLUMNS, patch, current.customFields);
}

export function memberAssignments(patch: MemberPatch, current: GroupMemberRecord) {
  return assignments(MEMBER_PATCH_COLUMNS, patch, current.customFields);
}

function assignments<P extends { customFields?: Record<string, string> }>(
  columns: Record<string, string>,
  patch: P,
  currentFields: Record<string, string>,
): { set: string[]; values: unknown[] } {
  const set: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(columns)) {
    const value = patch[key as keyof P];
    if (value === undefined) continue;
    set.push(`${column} = ?`);
    values.push(value);
  }
  if (patch.customFields) {
    set.push('custom_fields = ?');
    values.push(JSON.stringify(mergeFields(currentFields, patch.customFields)));
  }
  return { set, values };
}

/** Custom fields after a patch: given fields replace, an empty value deletes. */
function mergeFields(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The values of one `chat_groups` row, in GROUP_COLUMNS order. */
export function groupValues(g: GroupRecord): unknown[] {
  return [
    g.sdkAppId,
    g.groupId,
    g.type,
    g.name,
    g.introduction,
    g.notification,
    g.faceUrl,
    g.ownerId,
    g.applyJoinOption,
    g.maxMembers,
    g.muteAll,
    JSON.stringify(g.customFields),
    g.supportTopic === true,
    g.createdAt,
    g.updatedAt,
  ];
}

/** The values of one `group_members` row: the key, then MEMBER_COLUMNS order. */
export function memberValues(sdkAppId: number, groupId: string, m: GroupMemberRecord): unknown[] {
  return [
    sdkAppId,
    groupId,
    m.userId,
    m.role,
    m.joinedAt,
    m.joinSeq,
    m.nameCard,
    m.mutedUntil,
    m.msgFlag,
    m.readSeq,
    JSON.stringify(m.customFields),
  ];
}

export function toGroup(row: GroupRow): GroupRecord {
  return {
    sdkAppId: Number(row.sdk_app_id),
    groupId: userIdOf(row.group_id),
    type: row.type,
    name: row.name,
    introduction: row.introduction,
    notification: row.notification,
    faceUrl: row.face_url,
    ownerId: row.owner_id === null ? null : userIdOf(row.owner_id),
    applyJoinOption: row.apply_join_option,
    maxMembers: Number(row.max_members),
    muteAll: Number(row.mute_all) !== 0,
    customFields: JSON.parse(row.custom_fields) as Record<string, string>,
    ...(Number(row.support_topic) !== 0 ? { supportTopic: true } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toMember(row: MemberRow): GroupMemberRecord {
  return {
    userId: userIdOf(row.user_id),
    role: row.role,
    joinedAt: Number(row.joined_at),
    joinSeq: Number(row.join_seq),
    nameCard: row.name_card,
    mutedUntil: row.muted_until === null ? null : Number(row.muted_until),
    msgFlag: row.msg_flag,
    readSeq: Number(row.read_seq),
    customFields: JSON.parse(row.custom_fields) as Record<string, string>,
  };
}
