import type { GroupRecord } from '@parley/domain';
import type { GroupInfo, GroupMemberInfo, GroupSendResult, WireMessage } from '@parley/protocol';

/** The admin API writes times as ISO 8601 strings (the protocol's are milliseconds since the epoch). */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toGroupView(group: GroupInfo) {
  return { ...group, createdAt: iso(group.createdAt) };
}

export function toGroupSummary(group: GroupRecord) {
  return {
    groupId: group.groupId,
    type: group.type,
    name: group.name,
    ownerId: group.ownerId,
    createdAt: iso(group.createdAt),
  };
}

export function toMemberView(member: GroupMemberInfo) {
  return {
    ...member,
    joinedAt: iso(member.joinedAt),
    mutedUntil: member.mutedUntil === null ? null : iso(member.mutedUntil),
  };
}

export function toMessageView(message: WireMessage) {
  return { ...message, time: iso(message.time), body: message.body as unknown as Record<string, unknown>[] };
}

export function toSendResultView(result: GroupSendResult) {
  return { ...result, time: iso(result.time) };
}
