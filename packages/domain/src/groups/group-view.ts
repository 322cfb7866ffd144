import type { AppConfig } from '@parley/app-config';
import type { GroupInfo, GroupMemberInfo } from '@parley/protocol';
import type { GroupMemberRecord, GroupRecord } from '../ports/group-store.ts';
import { atLeast, type Standing } from './group-access.ts';

/** The group's custom fields this reader may see: `public` ones to anyone, `members` ones to members. */
function readableGroupFields(
  config: AppConfig,
  group: GroupRecord,
  standing: Standing,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const declared of config.customFields.group) {
    const value = group.customFields[declared.name];
    if (value === undefined) continue;
    if (declared.readScope === 'public' || atLeast(standing, 'Member')) fields[declared.name] = value;
  }
  return fields;
}

export function toGroupInfo(
  config: AppConfig,
  group: GroupRecord,
  standing: Standing,
  counts: { memberCount: number; lastSeq: number },
): GroupInfo {
  return {
    groupId: group.groupId,
    type: group.type,
    name: group.name,
    introduction: group.introduction,
    notification: group.notification,
    faceUrl: group.faceUrl,
    ownerId: group.ownerId,
    applyJoinOption: group.applyJoinOption,
    maxMembers: group.maxMembers,
    memberCount: counts.memberCount,
    muteAll: group.muteAll,
    createdAt: group.createdAt,
    lastSeq: counts.lastSeq,
    customFields: readableGroupFields(config, group, standing),
    ...(group.type === 'Community' ? { supportTopic: group.supportTopic === true } : {}),
  };
}

/** A member as a reader sees them: `admins` fields only to admins, the owner, app admins and the member. */
export function toMemberInfo(
  config: AppConfig,
  member: GroupMemberRecord,
  reader: { userId: string; standing: Standing },
  now: number,
): GroupMemberInfo {
  const fields: Record<string, string> = {};
  const privileged = atLeast(reader.standing, 'Admin') || reader.userId === member.userId;
  for (const declared of config.customFields.groupMember) {
    const value = member.customFields[declared.name];
    if (value === undefined) continue;
    if (declared.readScope === 'members' || privileged) fields[declared.name] = value;
  }
  return {
    userId: member.userId,
    role: member.role,
    joinedAt: member.joinedAt,
    nameCard: member.nameCard,
    mutedUntil: member.mutedUntil !== null && member.mutedUntil > now ? member.mutedUntil : null,
    msgFlag: member.msgFlag,
    customFields: fields,
  };
}
