import { describe, expect, it } from 'vitest';
import { buildAppConfigSchema } from '../../src/schema/index.ts';
import { schema } from './helpers.ts';

describe('app config defaults', () => {
  it('parse({}) is a new app with Tencent Chat defaults', () => {
    expect(schema.parse({})).toEqual({
      details: { name: 'Untitled app', introduction: '', description: '', type: 'social' },
      plan: {
        name: 'trial',
        maxConcurrentConnections: 10_000,
        maxMessagesPerSecond: 1000,
        maxReadsPerUserPerSecond: 200,
        maxGroupMembers: 2000,
        maxGroupsPerUser: 500,
        maxRestCallsPerCommandPerSecond: 200,
      },
      admins: ['administrator'],
      callbacks: {
        enabled: false,
        url: '',
        token: '',
        timeoutMs: 2000,
        beforeSendFailurePolicy: 'deliver',
        retry: { maxAttempts: 3, initialBackoffMs: 1000 },
        events: {
          'C2C.CallbackBeforeSendMsg': false,
          'C2C.CallbackAfterSendMsg': false,
          'C2C.CallbackAfterMsgWithDraw': false,
          'State.StateChange': false,
          'Sns.CallbackFriendAdd': false,
          'Sns.CallbackFriendDelete': false,
          'Sns.CallbackBlackListAdd': false,
          'Sns.CallbackBlackListDelete': false,
          'Group.CallbackBeforeCreateGroup': false,
          'Group.CallbackAfterCreateGroup': false,
          'Group.CallbackBeforeApplyJoinGroup': false,
          'Group.CallbackBeforeInviteJoinGroup': false,
          'Group.CallbackAfterNewMemberJoin': false,
          'Group.CallbackAfterMemberExit': false,
          'Group.CallbackBeforeSendMsg': false,
          'Group.CallbackAfterSendMsg': false,
          'Group.CallbackAfterRecallMsg': false,
          'Group.CallbackAfterGroupFull': false,
          'Group.CallbackAfterGroupDestroyed': false,
          'Group.CallbackAfterGroupInfoChanged': false,
        },
      },
      messaging: {
        friendshipCheck: false,
        blacklistCheck: true,
        blockedSenderSees: 'success',
        recallLimitSeconds: 120,
        historyRetentionDays: 7,
        recentContacts: 100,
      },
      multiLogin: { policy: 'single-platform', nativeInstancesPerPlatform: 1, webInstances: 1 },
      offlinePush: { apns: [], android: [] },
      tags: [],
      groups: {
        avChatRoomNewMemberHistory: false,
        preJoinHistory: { Work: false, Public: false, Meeting: true, Community: true },
      },
      friends: { defaultAddVerification: 'need-confirm' },
      customFields: { friend: [], user: [], groupMember: [], group: [] },
      dataCentre: 'eu-frankfurt',
    });
  });

  it('fills the defaults of a partly given section without touching the given fields', () => {
    const config = schema.parse({
      callbacks: { retry: { maxAttempts: 5 } },
      groups: { preJoinHistory: { Work: true } },
    });
    expect(config.callbacks.retry).toEqual({ maxAttempts: 5, initialBackoffMs: 1000 });
    expect(config.groups.preJoinHistory).toEqual({
      Work: true,
      Public: false,
      Meeting: true,
      Community: true,
    });
  });

  it('defaults dataCentre to the first region of the deployment and accepts only its regions', () => {
    const single = buildAppConfigSchema({ regions: ['cn-shanghai'] });
    expect(single.parse({}).dataCentre).toBe('cn-shanghai');
    expect(schema.parse({ dataCentre: 'ap-singapore' }).dataCentre).toBe('ap-singapore');
    const result = schema.safeParse({ dataCentre: 'cn-shanghai' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['dataCentre']);
    expect(result.error?.issues[0]?.message).toContain('"eu-frankfurt"');
  });

  it('gives list items their own defaults', () => {
    const config = schema.parse({
      tags: [{ key: 'team' }],
      offlinePush: {
        apns: [{ bundleId: 'com.example.chat', environment: 'development', certificate: 'QUJD' }],
        android: [{ vendor: 'fcm', packageName: 'com.example.chat', appId: 'proj-1', appSecret: '{}' }],
      },
      customFields: {
        user: [{ name: 'Tag_Profile_Custom_Hobby' }],
        groupMember: [{ name: 'seat' }],
        group: [{ name: 'topic' }],
      },
    });
    expect(config.tags).toEqual([{ key: 'team', value: '' }]);
    expect(config.offlinePush.apns[0]).toEqual({
      bundleId: 'com.example.chat',
      environment: 'development',
      certificate: 'QUJD',
      password: '',
    });
    expect(config.offlinePush.android[0]?.appKey).toBe('');
    expect(config.customFields.user[0]).toEqual({
      name: 'Tag_Profile_Custom_Hobby',
      read: 'all',
      write: 'self',
    });
    expect(config.customFields.groupMember[0]).toEqual({
      name: 'seat',
      readScope: 'members',
      writeScope: 'self',
    });
    expect(config.customFields.group[0]).toEqual({
      name: 'topic',
      readScope: 'members',
      writeScope: 'admins',
    });
  });

  it('does not share default lists between parses', () => {
    const first = schema.parse({});
    first.admins.push('mutated');
    first.tags.push({ key: 'k', value: '' });
    const second = schema.parse({});
    expect(second.admins).toEqual(['administrator']);
    expect(second.tags).toEqual([]);
  });
});
