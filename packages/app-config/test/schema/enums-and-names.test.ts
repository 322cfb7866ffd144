import { describe, expect, it } from 'vitest';
import {
  ANDROID_PUSH_VENDORS,
  APNS_ENVIRONMENTS,
  APP_STATUSES,
  APP_TYPES,
  BLOCKED_SENDER_RESULTS,
  CALLBACK_EVENTS,
  CALLBACK_FAILURE_POLICIES,
  FRIEND_ADD_VERIFICATIONS,
  GROUP_FIELD_READ_SCOPES,
  GROUP_FIELD_WRITE_SCOPES,
  GROUP_MEMBER_FIELD_READ_SCOPES,
  GROUP_MEMBER_FIELD_WRITE_SCOPES,
  MULTI_LOGIN_POLICIES,
  PLAN_NAMES,
  USER_FIELD_READ_SCOPES,
  USER_FIELD_WRITE_SCOPES,
} from '../../src/schema/index.ts';
import { combine, issuePaths, nest, schema, validItems } from './helpers.ts';

/** Sets one field of the first item of a list, the other fields taken from a valid item. */
function withItem(listPath: string, field: string, value: unknown): Record<string, unknown> {
  return nest(listPath, [{ ...validItems[listPath], [field]: value }]);
}

const topLevelEnums: [string, readonly string[]][] = [
  ['details.type', APP_TYPES],
  ['plan.name', PLAN_NAMES],
  ['callbacks.beforeSendFailurePolicy', CALLBACK_FAILURE_POLICIES],
  ['messaging.blockedSenderSees', BLOCKED_SENDER_RESULTS],
  ['multiLogin.policy', MULTI_LOGIN_POLICIES],
  ['friends.defaultAddVerification', FRIEND_ADD_VERIFICATIONS],
];

describe.each(topLevelEnums)('enum field %s', (path, values) => {
  it('accepts every listed value', () => {
    for (const value of values) expect(schema.safeParse(nest(path, value)).success, value).toBe(true);
  });

  it('rejects other values, other cases and non-strings at its path, listing the options', () => {
    const result = schema.safeParse(nest(path, 'bogus'));
    expect(issuePaths(result)).toEqual([path]);
    expect(result.error?.issues[0]?.message).toContain(`"${values[0]}"`);
    expect(issuePaths(schema.safeParse(nest(path, (values[0] as string).toUpperCase())))).toEqual([path]);
    expect(issuePaths(schema.safeParse(nest(path, 1)))).toEqual([path]);
  });
});

const itemEnums: [string, string, readonly string[]][] = [
  ['offlinePush.apns', 'environment', APNS_ENVIRONMENTS],
  ['offlinePush.android', 'vendor', ANDROID_PUSH_VENDORS],
  ['customFields.user', 'read', USER_FIELD_READ_SCOPES],
  ['customFields.user', 'write', USER_FIELD_WRITE_SCOPES],
  ['customFields.groupMember', 'readScope', GROUP_MEMBER_FIELD_READ_SCOPES],
  ['customFields.groupMember', 'writeScope', GROUP_MEMBER_FIELD_WRITE_SCOPES],
  ['customFields.group', 'readScope', GROUP_FIELD_READ_SCOPES],
  ['customFields.group', 'writeScope', GROUP_FIELD_WRITE_SCOPES],
];

describe.each(itemEnums)('enum field %s[].%s', (listPath, field, values) => {
  it('accepts every listed value and rejects others at the item path', () => {
    for (const value of values)
      expect(schema.safeParse(withItem(listPath, field, value)).success, value).toBe(true);
    expect(issuePaths(schema.safeParse(withItem(listPath, field, 'everyone')))).toEqual([
      `${listPath}.0.${field}`,
    ]);
  });
});

describe('boolean fields', () => {
  const booleans = [
    'callbacks.enabled',
    ...CALLBACK_EVENTS.map((event) => `callbacks.events.${event}`),
    'messaging.friendshipCheck',
    'messaging.blacklistCheck',
    'groups.avChatRoomNewMemberHistory',
    'groups.preJoinHistory.Work',
    'groups.preJoinHistory.Public',
    'groups.preJoinHistory.Meeting',
    'groups.preJoinHistory.Community',
  ];

  it.each(booleans)('%s accepts true and false and rejects "true", 1 and null', (path) => {
    // Event names contain dots, so the input is built from the section down rather than by splitting the path;
    // callbacks get a URL so that enabling them is valid.
    const input = (value: unknown) =>
      path.startsWith('callbacks.events.')
        ? {
            callbacks: {
              url: 'https://a.example',
              events: { [path.slice('callbacks.events.'.length)]: value },
            },
          }
        : combine({ callbacks: { url: 'https://a.example' } }, nest(path, value));
    expect(schema.safeParse(input(true)).success).toBe(true);
    expect(schema.safeParse(input(false)).success).toBe(true);
    for (const wrong of ['true', 1, null]) expect(issuePaths(schema.safeParse(input(wrong)))).toEqual([path]);
  });
});

describe('admins', () => {
  const parse = (admins: unknown) => schema.safeParse({ admins });

  it('accepts UserIDs of 1 to 32 bytes', () => {
    expect(parse(['a']).success).toBe(true);
    expect(parse(['x'.repeat(32), 'ops_bot-1']).success).toBe(true);
    expect(parse(['管理员']).success).toBe(true);
  });

  it('rejects empty, over-long (in bytes), colon and whitespace UserIDs at the item path', () => {
    for (const bad of ['', 'x'.repeat(33), '管理员管理员管理员管理员', 'a:b', 'a b', 'tab\there']) {
      expect(issuePaths(parse(['administrator', bad])), bad).toEqual(['admins.1']);
    }
    expect(issuePaths(parse(['administrator', 5]))).toEqual(['admins.1']);
  });
});

describe('offline push names', () => {
  it('accepts reverse-DNS bundle IDs and rejects others at the item path', () => {
    for (const good of ['com.example.chat', 'io.parley.App-Beta']) {
      expect(schema.safeParse(withItem('offlinePush.apns', 'bundleId', good)).success, good).toBe(true);
    }
    for (const bad of [
      'chat',
      'com..example',
      '.com.example',
      'com.example app',
      `${'x'.repeat(150)}.example`,
    ]) {
      expect(issuePaths(schema.safeParse(withItem('offlinePush.apns', 'bundleId', bad))), bad).toEqual([
        'offlinePush.apns.0.bundleId',
      ]);
    }
  });

  it('accepts Java package names and rejects others at the item path', () => {
    for (const good of ['com.example.chat', 'io.parley.chat_app2', 'A.b']) {
      expect(schema.safeParse(withItem('offlinePush.android', 'packageName', good)).success, good).toBe(true);
    }
    for (const bad of [
      'chat',
      'com.1example',
      'com.example-chat',
      'com..example',
      'com.example.',
      '_com.example',
    ]) {
      expect(issuePaths(schema.safeParse(withItem('offlinePush.android', 'packageName', bad))), bad).toEqual([
        'offlinePush.android.0.packageName',
      ]);
    }
  });
});

describe('custom field names (Tencent naming rules)', () => {
  const cases: [string, string[], string[]][] = [
    [
      'customFields.friend',
      ['Tag_SNS_Custom_Test', 'Tag_SNS_Custom_A', 'Tag_SNS_Custom_abcdefgh'],
      [
        'Tag_SNS_Custom_',
        'Tag_SNS_Custom_abcdefghi',
        'Tag_SNS_Custom_Lvl2',
        'Tag_SNS_Custom_a_b',
        'Tag_SNS_IM_Group',
        'Level',
      ],
    ],
    [
      'customFields.user',
      ['Tag_Profile_Custom_Hobby', 'Tag_Profile_Custom_abcdefgh'],
      [
        'Tag_Profile_Custom_',
        'Tag_Profile_Custom_abcdefghi',
        'Tag_Profile_Custom_9',
        'Tag_Profile_IM_Nick',
        'Hobby',
      ],
    ],
    [
      'customFields.groupMember',
      ['seat', 'Seat_No_2', 'x'.repeat(16)],
      ['', 'x'.repeat(17), 'seat-no', 'seat no', '座位'],
    ],
    ['customFields.group', ['topic', 'T_1', 'x'.repeat(16)], ['', 'x'.repeat(17), 'topic.name', 'topic!']],
  ];

  it.each(cases)('%s accepts good names and rejects bad ones at the item path', (listPath, good, bad) => {
    for (const name of good)
      expect(schema.safeParse(withItem(listPath, 'name', name)).success, name).toBe(true);
    for (const name of bad) {
      expect(issuePaths(schema.safeParse(withItem(listPath, 'name', name))), name).toEqual([
        `${listPath}.0.name`,
      ]);
    }
  });
});

describe('closed vocabularies', () => {
  it('exports the app statuses', () => {
    expect(APP_STATUSES).toEqual(['active', 'disabled', 'terminated']);
  });
});
