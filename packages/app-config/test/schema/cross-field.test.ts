import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/schema/index.ts';
import { issuesOf, schema, validAndroid, validApns } from './helpers.ts';

describe('callbacks: a URL is required when callbacks are enabled', () => {
  it('rejects enabled callbacks without a URL, at callbacks.url', () => {
    expect(issuesOf(schema.safeParse({ callbacks: { enabled: true } }))).toEqual([
      'callbacks.url: must be set when callbacks.enabled is true',
    ]);
  });

  it('accepts enabled callbacks with a URL, and disabled callbacks without one', () => {
    expect(schema.safeParse({ callbacks: { enabled: true, url: 'https://im.example.com/cb' } }).success).toBe(
      true,
    );
    expect(schema.safeParse({ callbacks: { enabled: false, url: '' } }).success).toBe(true);
  });

  it('reports only the bad URL, not the rule too, when the URL itself is invalid', () => {
    expect(issuesOf(schema.safeParse({ callbacks: { enabled: true, url: 'ftp://x' } }))).toEqual([
      'callbacks.url: must be an http:// or https:// URL, or empty',
    ]);
  });
});

describe('multiLogin: several devices per native platform need multi-platform login', () => {
  it.each(['single-platform', 'dual-platform', 'triple-platform'])(
    'rejects 2 devices per platform with %s',
    (policy) => {
      expect(issuesOf(schema.safeParse({ multiLogin: { policy, nativeInstancesPerPlatform: 2 } }))).toEqual([
        'multiLogin.nativeInstancesPerPlatform: may exceed 1 only when multiLogin.policy is "multi-platform"',
      ]);
    },
  );

  it('accepts 3 devices per platform with multi-platform, and web instances with any policy', () => {
    expect(
      schema.safeParse({ multiLogin: { policy: 'multi-platform', nativeInstancesPerPlatform: 3 } }).success,
    ).toBe(true);
    expect(schema.safeParse({ multiLogin: { policy: 'single-platform', webInstances: 10 } }).success).toBe(
      true,
    );
  });
});

describe('REDACTED left in a complete configuration', () => {
  it('is rejected at each secret that still holds it', () => {
    const result = schema.safeParse({
      callbacks: { token: REDACTED },
      offlinePush: {
        apns: [{ ...validApns, password: REDACTED }],
        android: [validAndroid, { ...validAndroid, vendor: 'fcm', appKey: REDACTED, appSecret: REDACTED }],
      },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'callbacks.token',
      'offlinePush.apns.0.password',
      'offlinePush.android.1.appKey',
      'offlinePush.android.1.appSecret',
    ]);
    expect(result.error?.issues[0]?.message).toContain('keep the current secret');
  });

  it('is an ordinary value in fields that are not secret', () => {
    expect(
      schema.safeParse({ details: { name: REDACTED }, tags: [{ key: REDACTED, value: REDACTED }] }).success,
    ).toBe(true);
  });
});
