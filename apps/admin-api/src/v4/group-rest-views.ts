import type { GroupInfo, GroupMemberInfo, GroupType, WireMessage } from '@parley/protocol';
import { z } from 'zod';

// How group_open_http_svc reads and writes Parley's groups, members and messages in Tencent's REST field names.

/** Tencent's REST names of the group types: Private is Work, ChatRoom is Meeting; the new names are taken too. */
const TYPE_OF_REST: Record<string, GroupType> = {
  Private: 'Work',
  Work: 'Work',
  Public: 'Public',
  ChatRoom: 'Meeting',
  Meeting: 'Meeting',
  AVChatRoom: 'AVChatRoom',
  Community: 'Community',
};
export const REST_OF_TYPE: Record<GroupType, string> = {
  Work: 'Private',
  Public: 'Public',
  Meeting: 'ChatRoom',
  AVChatRoom: 'AVChatRoom',
  Community: 'Community',
};
export const restType = z
  .enum(Object.keys(TYPE_OF_REST) as [string, ...string[]])
  .transform((t) => TYPE_OF_REST[t]);

/** Tencent's `[{ Key, Value }]` custom data as Parley's custom fields. */
export function fieldsOf(
  pairs: { Key: string; Value: string }[] | undefined,
): Record<string, string> | undefined {
  return pairs === undefined ? undefined : Object.fromEntries(pairs.map((pair) => [pair.Key, pair.Value]));
}

function pairsOf(fields: Record<string, string>, keys?: readonly string[]): { Key: string; Value: string }[] {
  return Object.entries(fields)
    .filter(([key]) => keys === undefined || keys.includes(key))
    .map(([Key, Value]) => ({ Key, Value }));
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

export function toRestGroup(group: GroupInfo, filter: { base?: string[]; keys?: string[] }) {
  const base: Record<string, unknown> = {
    Type: REST_OF_TYPE[group.type],
    Name: group.name,
    Introduction: group.introduction,
    Notification: group.notification,
    FaceUrl: group.faceUrl,
    Owner_Account: group.ownerId ?? '',
    CreateTime: seconds(group.createdAt),
    MemberNum: group.memberCount,
    MaxMemberNum: group.maxMembers,
    ApplyJoinOption: group.applyJoinOption,
    ShutUpAllMember: group.muteAll ? 'On' : 'Off',
    NextMsgSeq: group.lastSeq + 1,
    ...(group.supportTopic === undefined ? {} : { SupportTopic: group.supportTopic ? 1 : 0 }),
  };
  const wanted = filter.base;
  return {
    GroupId: group.groupId,
    ErrorCode: 0,
    ErrorInfo: '',
    ...(wanted === undefined
      ? base
      : Object.fromEntries(Object.entries(base).filter(([key]) => wanted.includes(key)))),
    AppDefinedData: pairsOf(group.customFields, filter.keys),
  };
}

export function toRestMember(member: GroupMemberInfo) {
  return {
    Member_Account: member.userId,
    Role: member.role,
    JoinTime: seconds(member.joinedAt),
    MsgFlag: member.msgFlag,
    NameCard: member.nameCard,
    ShutUpUntil: member.mutedUntil === null ? 0 : seconds(member.mutedUntil),
    AppMemberDefinedData: pairsOf(member.customFields),
  };
}

export function toRestMessage(message: WireMessage) {
  return {
    From_Account: message.from,
    // Parley keeps no placeholder for an expired message: every listed message has its body (or was recalled).
    IsPlaceMsg: 0,
    MsgBody: message.recalled ? [] : message.body,
    MsgPriority: 'Normal',
    MsgRandom: message.random,
    MsgSeq: message.seq,
    MsgTimeStamp: seconds(message.time),
    // Tencent: 0 normal, 8 recalled.
    MsgFlagBits: message.recalled ? 8 : 0,
    ...(message.cloudCustomData === undefined || message.recalled
      ? {}
      : { CloudCustomData: message.cloudCustomData }),
  };
}
