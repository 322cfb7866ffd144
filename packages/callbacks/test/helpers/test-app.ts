import { type AppConfigInput, buildAppConfigSchema, type RuntimeApp } from '@parley/app-config';

const schema = buildAppConfigSchema({ regions: ['sg'] });

/** A fresh SDKAppID per test, so tests sharing a queue never see each other's events. */
export function nextSdkAppId(): number {
  return 1_400_000_000 + Math.floor(Math.random() * 1_000_000_000);
}

/** An active app with the given callbacks section, every event switched on unless said otherwise. */
export function testApp(sdkAppId: number, callbacks: NonNullable<AppConfigInput['callbacks']>): RuntimeApp {
  const config = schema.parse({
    callbacks: {
      enabled: true,
      ...callbacks,
      events: {
        'C2C.CallbackBeforeSendMsg': true,
        'C2C.CallbackAfterSendMsg': true,
        'C2C.CallbackAfterMsgWithDraw': true,
        'State.StateChange': true,
        'Sns.CallbackFriendAdd': true,
        'Sns.CallbackFriendDelete': true,
        'Sns.CallbackBlackListAdd': true,
        'Sns.CallbackBlackListDelete': true,
        'Group.CallbackBeforeCreateGroup': true,
        'Group.CallbackAfterCreateGroup': true,
        'Group.CallbackBeforeApplyJoinGroup': true,
        'Group.CallbackBeforeInviteJoinGroup': true,
        'Group.CallbackAfterNewMemberJoin': true,
        'Group.CallbackAfterMemberExit': true,
        'Group.CallbackBeforeSendMsg': true,
        'Group.CallbackAfterSendMsg': true,
        'Group.CallbackAfterRecallMsg': true,
        'Group.CallbackAfterGroupFull': true,
        'Group.CallbackAfterGroupDestroyed': true,
        'Group.CallbackAfterGroupInfoChanged': true,
        ...callbacks.events,
      },
    },
  });
  return { sdkAppId, status: 'active', revision: 1, secretKey: 'k', config };
}

/** A clock tests move by hand (circuit cool-downs, retry backoff) without waiting. */
export function manualClock(start = Date.now()) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}
