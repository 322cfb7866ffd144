import type { ExitType, GroupRecord, JoinType } from '@parley/domain';
import { type TencentGroupType, tencentGroupType } from './group-type.ts';

/**
 * Request bodies of Tencent's group callbacks about a group's life and its members, field for field, so an app
 * server written for Tencent Chat reads them unchanged. `EventTime` is in milliseconds.
 */
export interface MemberAccount {
  Member_Account: string;
}

export interface BeforeCreateGroupBody {
  CallbackCommand: 'Group.CallbackBeforeCreateGroup';
  Operator_Account: string;
  Owner_Account: string;
  Type: TencentGroupType;
  Name: string;
  MemberList: MemberAccount[];
  EventTime: number;
}

export interface AfterCreateGroupBody {
  CallbackCommand: 'Group.CallbackAfterCreateGroup';
  GroupId: string;
  Operator_Account: string;
  Owner_Account: string;
  Type: TencentGroupType;
  Name: string;
  MemberList: MemberAccount[];
  UserDefinedDataList?: { Key: string; Value: string }[];
  EventTime: number;
}

export interface BeforeApplyJoinGroupBody {
  CallbackCommand: 'Group.CallbackBeforeApplyJoinGroup';
  GroupId: string;
  Type: TencentGroupType;
  Requestor_Account: string;
  EventTime: number;
}

export interface BeforeInviteJoinGroupBody {
  CallbackCommand: 'Group.CallbackBeforeInviteJoinGroup';
  GroupId: string;
  Type: TencentGroupType;
  Operator_Account: string;
  DestinationMembers: MemberAccount[];
  EventTime: number;
}

export interface AfterNewMemberJoinBody {
  CallbackCommand: 'Group.CallbackAfterNewMemberJoin';
  GroupId: string;
  Type: TencentGroupType;
  JoinType: Exclude<JoinType, 'Created'>;
  Operator_Account: string;
  NewMemberList: MemberAccount[];
  EventTime: number;
}

export interface AfterMemberExitBody {
  CallbackCommand: 'Group.CallbackAfterMemberExit';
  GroupId: string;
  Type: TencentGroupType;
  ExitType: Exclude<ExitType, 'Disbanded'>;
  Operator_Account: string;
  ExitMemberList: MemberAccount[];
  EventTime: number;
}

export interface AfterGroupFullBody {
  CallbackCommand: 'Group.CallbackAfterGroupFull';
  GroupId: string;
  EventTime: number;
}

export interface AfterGroupDestroyedBody {
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed';
  GroupId: string;
  Type: TencentGroupType;
  Owner_Account: string;
  Name: string;
  MemberList?: MemberAccount[];
  EventTime: number;
}

export interface AfterGroupInfoChangedBody {
  CallbackCommand: 'Group.CallbackAfterGroupInfoChanged';
  GroupId: string;
  Type: TencentGroupType;
  Operator_Account: string;
  Name?: string;
  Introduction?: string;
  Notification?: string;
  FaceUrl?: string;
  EventTime: number;
}

function accounts(userIds: readonly string[]): MemberAccount[] {
  return userIds.map((userId) => ({ Member_Account: userId }));
}

/** Tencent's MemberList of a new group lists the initial members besides the owner. */
function initialMembers(group: GroupRecord, members: readonly string[]): MemberAccount[] {
  return accounts(members.filter((userId) => userId !== group.ownerId));
}

/**
 * The group's ID is not sent although Parley has already chosen it: Tencent's body has none (the group does not
 * exist yet). Nor is `CreateGroupNum`, the number of groups of this type the owner created: Parley keeps no such
 * count.
 */
export function beforeCreateGroupBody(
  group: GroupRecord,
  members: readonly string[],
  operator: string,
  now: number,
): BeforeCreateGroupBody {
  return {
    CallbackCommand: 'Group.CallbackBeforeCreateGroup',
    Operator_Account: operator,
    Owner_Account: group.ownerId ?? '',
    Type: tencentGroupType(group.type),
    Name: group.name,
    MemberList: initialMembers(group, members),
    EventTime: now,
  };
}

/** `UserDefinedDataList` carries the group's custom fields, when it has some. */
export function afterCreateGroupBody(
  group: GroupRecord,
  members: readonly string[],
  operator: string,
  now: number,
): AfterCreateGroupBody {
  const custom = Object.entries(group.customFields).map(([Key, Value]) => ({ Key, Value }));
  return {
    CallbackCommand: 'Group.CallbackAfterCreateGroup',
    GroupId: group.groupId,
    Operator_Account: operator,
    Owner_Account: group.ownerId ?? '',
    Type: tencentGroupType(group.type),
    Name: group.name,
    MemberList: initialMembers(group, members),
    ...(custom.length === 0 ? {} : { UserDefinedDataList: custom }),
    EventTime: now,
  };
}

export function beforeApplyJoinGroupBody(
  group: GroupRecord,
  requestor: string,
  now: number,
): BeforeApplyJoinGroupBody {
  return {
    CallbackCommand: 'Group.CallbackBeforeApplyJoinGroup',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    Requestor_Account: requestor,
    EventTime: now,
  };
}

export function beforeInviteJoinGroupBody(
  group: GroupRecord,
  userIds: readonly string[],
  operator: string,
  now: number,
): BeforeInviteJoinGroupBody {
  return {
    CallbackCommand: 'Group.CallbackBeforeInviteJoinGroup',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    Operator_Account: operator,
    DestinationMembers: accounts(userIds),
    EventTime: now,
  };
}

export function afterNewMemberJoinBody(
  group: GroupRecord,
  userIds: readonly string[],
  joinType: AfterNewMemberJoinBody['JoinType'],
  operator: string,
  now: number,
): AfterNewMemberJoinBody {
  return {
    CallbackCommand: 'Group.CallbackAfterNewMemberJoin',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    JoinType: joinType,
    Operator_Account: operator,
    NewMemberList: accounts(userIds),
    EventTime: now,
  };
}

export function afterMemberExitBody(
  group: GroupRecord,
  userIds: readonly string[],
  exitType: AfterMemberExitBody['ExitType'],
  operator: string,
  now: number,
): AfterMemberExitBody {
  return {
    CallbackCommand: 'Group.CallbackAfterMemberExit',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    ExitType: exitType,
    Operator_Account: operator,
    ExitMemberList: accounts(userIds),
    EventTime: now,
  };
}

export function afterGroupFullBody(group: GroupRecord, now: number): AfterGroupFullBody {
  return { CallbackCommand: 'Group.CallbackAfterGroupFull', GroupId: group.groupId, EventTime: now };
}

/** Tencent lists no members of a disbanded Community; an AVChatRoom has no member list to give. */
export function afterGroupDestroyedBody(
  group: GroupRecord,
  members: readonly string[],
  now: number,
): AfterGroupDestroyedBody {
  const listed = group.type !== 'Community' && group.type !== 'AVChatRoom';
  return {
    CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    Owner_Account: group.ownerId ?? '',
    Name: group.name,
    ...(listed ? { MemberList: accounts(members) } : {}),
    EventTime: now,
  };
}

const infoFields = [
  ['name', 'Name'],
  ['introduction', 'Introduction'],
  ['notification', 'Notification'],
  ['faceUrl', 'FaceUrl'],
] as const;

/**
 * Tencent reports changes of the name, introduction, notification and face URL only, each with its new value:
 * undefined when none of these changed (e.g. only the join option or custom fields), and nothing is sent.
 */
export function afterGroupInfoChangedBody(
  group: GroupRecord,
  changes: Record<string, unknown>,
  operator: string,
  now: number,
): AfterGroupInfoChangedBody | undefined {
  const changed: Partial<Record<(typeof infoFields)[number][1], string>> = {};
  for (const [field, name] of infoFields) {
    const value = changes[field];
    if (typeof value === 'string') changed[name] = value;
  }
  if (Object.keys(changed).length === 0) return undefined;
  return {
    CallbackCommand: 'Group.CallbackAfterGroupInfoChanged',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    Operator_Account: operator,
    ...changed,
    EventTime: now,
  };
}
