import { describe, expect, it } from 'vitest';
import { combine, issuePaths, nest, schema } from './helpers.ts';

/** [path, min, max, extra input the field needs to be valid at all]. */
const integerFields: [string, number, number, Record<string, unknown>][] = [
  ['plan.maxConcurrentConnections', 1, 10_000_000, {}],
  ['plan.maxMessagesPerSecond', 1, 1_000_000, {}],
  ['plan.maxReadsPerUserPerSecond', 1, 100_000, {}],
  ['callbacks.timeoutMs', 100, 10_000, {}],
  ['callbacks.retry.maxAttempts', 1, 10, {}],
  ['callbacks.retry.initialBackoffMs', 100, 60_000, {}],
  ['messaging.recallLimitSeconds', 0, 604_800, {}],
  ['messaging.historyRetentionDays', 1, 3650, {}],
  ['messaging.recentContacts', 100, 500, {}],
  ['multiLogin.webInstances', 1, 10, {}],
  ['multiLogin.nativeInstancesPerPlatform', 1, 3, { multiLogin: { policy: 'multi-platform' } }],
];

describe.each(integerFields)('integer field %s', (path, min, max, extra) => {
  const parse = (value: unknown) => schema.safeParse(combine(extra, nest(path, value)));

  it(`accepts ${min} and ${max}`, () => {
    expect(parse(min).success).toBe(true);
    expect(parse(max).success).toBe(true);
  });

  it(`rejects ${min - 1} and ${max + 1} at ${path}`, () => {
    expect(issuePaths(parse(min - 1))).toEqual([path]);
    expect(issuePaths(parse(max + 1))).toEqual([path]);
    expect(parse(max + 1).error?.issues[0]?.message).toContain(String(max));
  });

  it('rejects fractions, strings and null at its path', () => {
    expect(issuePaths(parse(min + 0.5))).toEqual([path]);
    expect(issuePaths(parse(String(min)))).toEqual([path]);
    expect(issuePaths(parse(null))).toEqual([path]);
  });
});

/** [path, min length, max length]; a top-level string or a field of a list item. */
const stringFields: [string, number, number][] = [
  ['details.name', 1, 64],
  ['details.introduction', 0, 512],
  ['details.description', 0, 2048],
  ['callbacks.token', 0, 64],
];

describe.each(stringFields)('string field %s', (path, min, max) => {
  const parse = (value: unknown) => schema.safeParse(nest(path, value));

  it(`accepts ${min} and ${max} characters`, () => {
    expect(parse('x'.repeat(min)).success).toBe(true);
    expect(parse('x'.repeat(max)).success).toBe(true);
  });

  it(`rejects ${max + 1} characters and non-strings at ${path}`, () => {
    expect(issuePaths(parse('x'.repeat(max + 1)))).toEqual([path]);
    expect(issuePaths(parse(42))).toEqual([path]);
  });
});

describe('details.name', () => {
  it('rejects the empty and the blank name', () => {
    expect(issuePaths(schema.safeParse({ details: { name: '' } }))).toEqual(['details.name']);
    expect(issuePaths(schema.safeParse({ details: { name: '   ' } }))).toEqual(['details.name']);
  });
});

/** [path of a field inside the first item of a list, list path, min length, max length]. */
const itemStringFields: [string, number, number][] = [
  ['tags.0.key', 1, 64],
  ['tags.0.value', 0, 256],
  ['offlinePush.apns.0.password', 0, 128],
  ['offlinePush.android.0.appId', 1, 128],
  ['offlinePush.android.0.appKey', 0, 256],
  ['offlinePush.android.0.appSecret', 1, 8192],
];

const itemBase: Record<string, Record<string, unknown>> = {
  tags: { key: 'team', value: 'growth' },
  'offlinePush.apns': { bundleId: 'com.example.chat', environment: 'production', certificate: 'QUJD' },
  'offlinePush.android': { vendor: 'xiaomi', packageName: 'com.example.chat', appId: '1', appSecret: 's' },
};

function withItemField(path: string, value: unknown): Record<string, unknown> {
  const [listPath, field] = path.split(/\.0\./) as [string, string];
  return nest(listPath, [{ ...itemBase[listPath], [field]: value }]);
}

describe.each(itemStringFields)('list item field %s', (path, min, max) => {
  it(`accepts ${min} and ${max} characters`, () => {
    expect(schema.safeParse(withItemField(path, 'x'.repeat(min))).success).toBe(true);
    expect(schema.safeParse(withItemField(path, 'x'.repeat(max))).success).toBe(true);
  });

  it(`rejects ${max + 1} characters${min > 0 ? ', the empty string' : ''} and non-strings at ${path}`, () => {
    expect(issuePaths(schema.safeParse(withItemField(path, 'x'.repeat(max + 1))))).toEqual([path]);
    if (min > 0) expect(issuePaths(schema.safeParse(withItemField(path, '')))).toEqual([path]);
    expect(issuePaths(schema.safeParse(withItemField(path, 7)))).toEqual([path]);
  });
});

describe('callbacks.url', () => {
  const parse = (url: unknown) => schema.safeParse({ callbacks: { url } });

  it('accepts empty, http and https URLs up to 2048 characters', () => {
    expect(parse('').success).toBe(true);
    expect(parse('http://10.0.0.5:8080/im/callback').success).toBe(true);
    expect(parse(`https://hooks.example.com/${'a'.repeat(2048 - 26)}`).success).toBe(true);
  });

  it('rejects other schemes, non-URLs, and URLs over 2048 characters', () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'example.com/callback', 'https://', 3]) {
      expect(issuePaths(parse(url)), String(url)).toEqual(['callbacks.url']);
    }
    expect(issuePaths(parse(`https://hooks.example.com/${'a'.repeat(2048 - 25)}`))).toContain(
      'callbacks.url',
    );
  });
});

describe('offlinePush.apns[].certificate', () => {
  const parse = (certificate: unknown) =>
    schema.safeParse(withItemField('offlinePush.apns.0.certificate', certificate));

  it('accepts base64 up to 65,536 characters', () => {
    expect(parse('MIIKmQIBAzCCCl8GCSqGSIb3DQEHAaCCClAEggpM').success).toBe(true);
    expect(parse('QUJD'.repeat(16_384)).success).toBe(true);
  });

  it('rejects missing, empty, non-base64 and oversized certificates at its path', () => {
    expect(issuePaths(parse(''))).toEqual(['offlinePush.apns.0.certificate']);
    expect(issuePaths(parse('not base64!'))).toEqual(['offlinePush.apns.0.certificate']);
    expect(issuePaths(parse('QUJD'.repeat(16_384 + 1)))).toEqual(['offlinePush.apns.0.certificate']);
    expect(issuePaths(parse(undefined))).toEqual(['offlinePush.apns.0.certificate']);
  });
});

describe('offlinePush.apns[].expiresAt', () => {
  const parse = (expiresAt: unknown) =>
    schema.safeParse(withItemField('offlinePush.apns.0.expiresAt', expiresAt));

  it('accepts ISO 8601 date-times with Z or an offset, and its absence', () => {
    expect(parse('2026-03-01T00:00:00Z').success).toBe(true);
    expect(parse('2026-03-01T08:00:00+08:00').success).toBe(true);
    expect(parse(undefined).success).toBe(true);
  });

  it('rejects dates without time, free text and numbers', () => {
    for (const value of ['2026-03-01', 'next March', 1_772_323_200]) {
      expect(issuePaths(parse(value)), String(value)).toEqual(['offlinePush.apns.0.expiresAt']);
    }
  });
});
