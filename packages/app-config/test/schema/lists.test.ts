import { describe, expect, it } from 'vitest';
import { issuePaths, issuesOf, nest, schema, validAndroid, validApns, validItems } from './helpers.ts';

/** Makes `count` valid items of a list, distinct by their identity field. */
function items(listPath: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => distinctItem(listPath, index));
}

function distinctItem(listPath: string, index: number): Record<string, unknown> {
  const base = validItems[listPath] ?? {};
  const letters = (n: number) =>
    String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + Math.floor(n / 26));
  switch (listPath) {
    case 'offlinePush.apns':
      return { ...base, bundleId: `com.example.app${index}` };
    case 'offlinePush.android':
      return { ...base, packageName: `com.example.app${index}` };
    case 'tags':
      return { ...base, key: `key${index}` };
    case 'customFields.friend':
      return { ...base, name: `Tag_SNS_Custom_F${letters(index)}` };
    case 'customFields.user':
      return { ...base, name: `Tag_Profile_Custom_U${letters(index)}` };
    default:
      return { ...base, name: `field_${index}` };
  }
}

const maxima: [string, number][] = [
  ['offlinePush.apns', 10],
  ['offlinePush.android', 20],
  ['tags', 50],
  ['customFields.friend', 20],
  ['customFields.user', 20],
  ['customFields.groupMember', 5],
  ['customFields.group', 10],
];

describe.each(maxima)('list %s', (listPath, max) => {
  it(`accepts 0 and ${max} items`, () => {
    expect(schema.safeParse(nest(listPath, [])).success).toBe(true);
    expect(schema.safeParse(nest(listPath, items(listPath, max))).success).toBe(true);
  });

  it(`rejects ${max + 1} items at ${listPath}`, () => {
    const result = schema.safeParse(nest(listPath, items(listPath, max + 1)));
    expect(issuePaths(result)).toEqual([listPath]);
    expect(result.error?.issues[0]?.message).toContain(String(max));
  });

  it('rejects a non-list and a non-object item', () => {
    expect(issuePaths(schema.safeParse(nest(listPath, {})))).toEqual([listPath]);
    expect(issuePaths(schema.safeParse(nest(listPath, ['x'])))).toEqual([`${listPath}.0`]);
  });
});

describe('admins list', () => {
  it('accepts 1 to 10 admins', () => {
    expect(schema.safeParse({ admins: ['a'] }).success).toBe(true);
    expect(schema.safeParse({ admins: Array.from({ length: 10 }, (_, i) => `admin${i}`) }).success).toBe(
      true,
    );
  });

  it('rejects no admin and 11 admins at admins', () => {
    expect(issuePaths(schema.safeParse({ admins: [] }))).toEqual(['admins']);
    expect(
      issuePaths(schema.safeParse({ admins: Array.from({ length: 11 }, (_, i) => `admin${i}`) })),
    ).toEqual(['admins']);
  });

  it('rejects a repeated admin at the repeat', () => {
    expect(issuesOf(schema.safeParse({ admins: ['ops', 'administrator', 'ops'] }))).toEqual([
      'admins.2: duplicate admin "ops" (already at index 0)',
    ]);
  });
});

describe('uniqueness inside lists', () => {
  it('rejects two tags with the same key at the second one', () => {
    expect(
      issuesOf(
        schema.safeParse({
          tags: [
            { key: 'env', value: 'a' },
            { key: 'env', value: 'b' },
          ],
        }),
      ),
    ).toEqual(['tags.1.key: duplicate tag key "env" (already at index 0)']);
  });

  it('allows one APNs certificate per bundle and environment', () => {
    const development = { ...validApns, environment: 'development' };
    expect(schema.safeParse({ offlinePush: { apns: [validApns, development] } }).success).toBe(true);
    expect(
      issuePaths(schema.safeParse({ offlinePush: { apns: [validApns, development, validApns] } })),
    ).toEqual(['offlinePush.apns.2.bundleId']);
  });

  it('allows one Android credential per vendor and package', () => {
    const fcm = { ...validAndroid, vendor: 'fcm' };
    const otherApp = { ...validAndroid, packageName: 'com.example.other' };
    expect(schema.safeParse({ offlinePush: { android: [validAndroid, fcm, otherApp] } }).success).toBe(true);
    expect(
      issuePaths(schema.safeParse({ offlinePush: { android: [validAndroid, fcm, validAndroid] } })),
    ).toEqual(['offlinePush.android.2.packageName']);
  });

  it.each(['customFields.friend', 'customFields.user', 'customFields.groupMember', 'customFields.group'])(
    'rejects a repeated name in %s at the repeat',
    (listPath) => {
      const item = validItems[listPath];
      expect(issuePaths(schema.safeParse(nest(listPath, [item, distinctItem(listPath, 1), item])))).toEqual([
        `${listPath}.2.name`,
      ]);
    },
  );

  it('allows the same name in different custom-field lists', () => {
    const config = { customFields: { groupMember: [{ name: 'level' }], group: [{ name: 'level' }] } };
    expect(schema.safeParse(config).success).toBe(true);
  });
});

describe('required fields of list items', () => {
  const required: [string, string][] = [
    ['offlinePush.apns', 'bundleId'],
    ['offlinePush.apns', 'environment'],
    ['offlinePush.apns', 'certificate'],
    ['offlinePush.android', 'vendor'],
    ['offlinePush.android', 'packageName'],
    ['offlinePush.android', 'appId'],
    ['offlinePush.android', 'appSecret'],
    ['tags', 'key'],
    ['customFields.friend', 'name'],
    ['customFields.user', 'name'],
    ['customFields.groupMember', 'name'],
    ['customFields.group', 'name'],
  ];

  it.each(required)('%s[].%s is required', (listPath, field) => {
    const { [field]: _omitted, ...item } = validItems[listPath] ?? {};
    expect(issuePaths(schema.safeParse(nest(listPath, [item])))).toEqual([`${listPath}.0.${field}`]);
  });
});
