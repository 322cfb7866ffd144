/** What the gateway reports about a session (see apps/gateway gateway-deps.ts). */
export type SessionStateAction = 'Login' | 'Logout' | 'Disconnect' | 'Kicked';

/** Tencent's `Info.Action` / `Info.Reason` pairs of State.StateChange. */
export type TencentStateAction = 'Login' | 'Logout' | 'Disconnect';
export type TencentStateReason = 'Register' | 'Unregister' | 'LinkClose' | 'TimeOut';

export interface StateChangeBody {
  CallbackCommand: 'State.StateChange';
  EventTime: number;
  Info: { Action: TencentStateAction; To_Account: string; Reason: TencentStateReason };
}

const tencentState: Record<SessionStateAction, { Action: TencentStateAction; Reason: TencentStateReason }> = {
  Login: { Action: 'Login', Reason: 'Register' },
  Logout: { Action: 'Logout', Reason: 'Unregister' },
  Disconnect: { Action: 'Disconnect', Reason: 'LinkClose' },
  // Tencent has no "Kicked" action: a session evicted by a newer login is reported as Logout/Unregister, as
  // Tencent does for SDKs that report the evicted instance separately.
  Kicked: { Action: 'Logout', Reason: 'Unregister' },
};

export function stateChangeBody(userId: string, action: SessionStateAction, now: number): StateChangeBody {
  return {
    CallbackCommand: 'State.StateChange',
    EventTime: now,
    Info: { ...tencentState[action], To_Account: userId },
  };
}
