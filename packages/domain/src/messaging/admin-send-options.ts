/**
 * How an app admin's send (Tencent's REST `sendmsg`) differs from a user's. A user's send takes none of these.
 */
export interface AdminSendOptions {
  /** The sender may be the admin identifier without an account; friendship, blacklist and mute are not checked. */
  admin: string;
  /** Tencent's ForbidBeforeSendMsgCallback. */
  skipBeforeSendCallback?: boolean;
  /** Tencent's ForbidAfterSendMsgCallback. */
  skipAfterSendCallback?: boolean;
  /** MsgLifeTime 0: pushed to the sessions online now, never stored (its seq is 0). */
  onlineOnly?: boolean;
  /** SyncOtherMachine 2: the sender's own sessions get no push. */
  noSyncToSender?: boolean;
}
