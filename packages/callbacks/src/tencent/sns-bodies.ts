/** Request bodies of Tencent's relation-chain ("Sns") callbacks. `EventTime` is in milliseconds. */
export interface FriendAddBody {
  CallbackCommand: 'Sns.CallbackFriendAdd';
  PairList: { From_Account: string; To_Account: string; Initiator_Account: string }[];
  /** Tencent: `friend_add` for a direct add, `friend_response` for an accepted request. */
  ClientCmd: 'friend_add' | 'friend_response';
  Admin_Account: string;
  ForceFlag: 0;
  EventTime: number;
}

export interface PairListBody<C extends string> {
  CallbackCommand: C;
  PairList: { From_Account: string; To_Account: string }[];
  EventTime: number;
}

export type FriendDeleteBody = PairListBody<'Sns.CallbackFriendDelete'>;
export type BlackListAddBody = PairListBody<'Sns.CallbackBlackListAdd'>;
export type BlackListDeleteBody = PairListBody<'Sns.CallbackBlackListDelete'>;

/** Parley friendships are always two-way, so each one is reported as both pairs, as Tencent does for Add_Type_Both. */
export function friendAddBody(
  initiator: string,
  other: string,
  clientCmd: FriendAddBody['ClientCmd'],
  now: number,
): FriendAddBody {
  return {
    CallbackCommand: 'Sns.CallbackFriendAdd',
    PairList: [
      { From_Account: initiator, To_Account: other, Initiator_Account: initiator },
      { From_Account: other, To_Account: initiator, Initiator_Account: initiator },
    ],
    ClientCmd: clientCmd,
    Admin_Account: '',
    ForceFlag: 0,
    EventTime: now,
  };
}

export function friendDeleteBody(a: string, b: string, now: number): FriendDeleteBody {
  return {
    CallbackCommand: 'Sns.CallbackFriendDelete',
    PairList: [
      { From_Account: a, To_Account: b },
      { From_Account: b, To_Account: a },
    ],
    EventTime: now,
  };
}

export function blackListBody<C extends 'Sns.CallbackBlackListAdd' | 'Sns.CallbackBlackListDelete'>(
  command: C,
  owner: string,
  targets: readonly string[],
  now: number,
): PairListBody<C> {
  return {
    CallbackCommand: command,
    PairList: targets.map((target) => ({ From_Account: owner, To_Account: target })),
    EventTime: now,
  };
}
