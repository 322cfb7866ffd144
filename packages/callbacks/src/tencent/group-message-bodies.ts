import type { GroupRecord, OutgoingGroupMessage, StoredMessage } from '@parley/domain';
import type { MessageElement, WireElement } from '@parley/protocol';
import { type TencentGroupType, tencentGroupType } from './group-type.ts';

/**
 * Request bodies of Tencent's group message callbacks. Times: `MsgTime` in seconds, `EventTime` in milliseconds.
 * `OnlineOnlyFlag` is 1 for an online-only message and, as Tencent documents, always 0 in an AVChatRoom.
 */
export interface GroupBeforeSendMsgBody {
  CallbackCommand: 'Group.CallbackBeforeSendMsg';
  GroupId: string;
  Type: TencentGroupType;
  From_Account: string;
  Operator_Account: string;
  Random: number;
  OnlineOnlyFlag: 0 | 1;
  MsgBody: MessageElement[];
  CloudCustomData?: string;
  EventTime: number;
}

export interface GroupAfterSendMsgBody {
  CallbackCommand: 'Group.CallbackAfterSendMsg';
  GroupId: string;
  Type: TencentGroupType;
  From_Account: string;
  Operator_Account: string;
  Random: number;
  MsgSeq: number;
  MsgTime: number;
  OnlineOnlyFlag: 0 | 1;
  MsgBody: WireElement[];
  CloudCustomData?: string;
  EventTime: number;
}

export interface GroupAfterRecallMsgBody {
  CallbackCommand: 'Group.CallbackAfterRecallMsg';
  Operator_Account: string;
  Type: TencentGroupType;
  GroupId: string;
  MsgSeqList: { MsgSeq: number }[];
  EventTime: number;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function onlineOnlyFlag(group: GroupRecord, onlineOnly: boolean): 0 | 1 {
  return onlineOnly && group.type !== 'AVChatRoom' ? 1 : 0;
}

/** Parley allocates the seq once the message is allowed, so, as in Tencent's body, there is no MsgSeq yet. */
export function groupBeforeSendMsgBody(
  message: OutgoingGroupMessage,
  operator: string,
  now: number,
): GroupBeforeSendMsgBody {
  const { group } = message;
  return {
    CallbackCommand: 'Group.CallbackBeforeSendMsg',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    From_Account: message.from,
    Operator_Account: operator,
    Random: message.random,
    OnlineOnlyFlag: onlineOnlyFlag(group, message.onlineOnly),
    MsgBody: message.body,
    ...(message.cloudCustomData === undefined ? {} : { CloudCustomData: message.cloudCustomData }),
    EventTime: now,
  };
}

/**
 * A stored group message does not say whether it was online-only; it can be told by its seq: outside an
 * AVChatRoom, a message kept in the history has a seq from 1, and an online-only one (never kept) has seq 0.
 */
export function groupAfterSendMsgBody(
  group: GroupRecord,
  message: StoredMessage,
  operator: string,
  now: number,
): GroupAfterSendMsgBody {
  return {
    CallbackCommand: 'Group.CallbackAfterSendMsg',
    GroupId: group.groupId,
    Type: tencentGroupType(group.type),
    From_Account: message.from,
    Operator_Account: operator,
    Random: message.random,
    MsgSeq: message.seq,
    MsgTime: seconds(message.time),
    OnlineOnlyFlag: onlineOnlyFlag(group, message.seq === 0),
    MsgBody: message.body,
    ...(message.cloudCustomData === undefined ? {} : { CloudCustomData: message.cloudCustomData }),
    EventTime: now,
  };
}

export function groupAfterRecallMsgBody(
  group: GroupRecord,
  message: StoredMessage,
  operator: string,
  now: number,
): GroupAfterRecallMsgBody {
  return {
    CallbackCommand: 'Group.CallbackAfterRecallMsg',
    Operator_Account: operator,
    Type: tencentGroupType(group.type),
    GroupId: group.groupId,
    MsgSeqList: [{ MsgSeq: message.seq }],
    EventTime: now,
  };
}
