import type { OutgoingMessage, StoredMessage } from '@parley/domain';
import type { MessageElement, WireElement } from '@parley/protocol';

/**
 * Request bodies of Tencent's one-to-one message callbacks, field for field, so an app server written for
 * Tencent Chat reads them unchanged. Times: `MsgTime` in seconds, `EventTime` in milliseconds.
 */
export interface BeforeSendMsgBody {
  CallbackCommand: 'C2C.CallbackBeforeSendMsg';
  From_Account: string;
  To_Account: string;
  MsgRandom: number;
  MsgTime: number;
  OnlineOnlyFlag: 0;
  MsgBody: MessageElement[];
  CloudCustomData?: string;
  EventTime: number;
}

export interface AfterSendMsgBody {
  CallbackCommand: 'C2C.CallbackAfterSendMsg';
  From_Account: string;
  To_Account: string;
  MsgSeq: number;
  MsgRandom: number;
  MsgTime: number;
  MsgKey: string;
  OnlineOnlyFlag: 0;
  SendMsgResult: 0;
  ErrorInfo: string;
  MsgBody: WireElement[];
  CloudCustomData?: string;
  EventTime: number;
}

export interface AfterMsgWithDrawBody {
  CallbackCommand: 'C2C.CallbackAfterMsgWithDraw';
  From_Account: string;
  To_Account: string;
  MsgKey: string;
  EventTime: number;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * Parley allocates the seq only once the message is allowed and stored, so unlike Tencent the before-send body
 * carries no MsgSeq and no MsgKey (a made-up value would be worse than none: the app could not recall by it).
 */
export function beforeSendMsgBody(message: OutgoingMessage, now: number): BeforeSendMsgBody {
  return {
    CallbackCommand: 'C2C.CallbackBeforeSendMsg',
    From_Account: message.from,
    To_Account: message.to,
    MsgRandom: message.random,
    MsgTime: seconds(message.time),
    OnlineOnlyFlag: 0,
    MsgBody: message.body,
    ...(message.cloudCustomData === undefined ? {} : { CloudCustomData: message.cloudCustomData }),
    EventTime: now,
  };
}

export function afterSendMsgBody(message: StoredMessage, now: number): AfterSendMsgBody {
  return {
    CallbackCommand: 'C2C.CallbackAfterSendMsg',
    From_Account: message.from,
    To_Account: message.to,
    MsgSeq: message.seq,
    MsgRandom: message.random,
    MsgTime: seconds(message.time),
    MsgKey: message.msgKey,
    OnlineOnlyFlag: 0,
    SendMsgResult: 0,
    ErrorInfo: 'send msg succeed',
    MsgBody: message.body,
    ...(message.cloudCustomData === undefined ? {} : { CloudCustomData: message.cloudCustomData }),
    EventTime: now,
  };
}

export function afterMsgWithDrawBody(message: StoredMessage, now: number): AfterMsgWithDrawBody {
  return {
    CallbackCommand: 'C2C.CallbackAfterMsgWithDraw',
    From_Account: message.from,
    To_Account: message.to,
    MsgKey: message.msgKey,
    EventTime: now,
  };
}
