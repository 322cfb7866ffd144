import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/schema/index.ts';
import { issuePaths, patchSchema, validApns } from './helpers.ts';

describe('patch schema', () => {
  it('accepts an empty patch and adds no defaults', () => {
    expect(patchSchema.parse({})).toEqual({});
    expect(patchSchema.parse({ callbacks: {} })).toEqual({ callbacks: {} });
    expect(patchSchema.parse({ callbacks: { retry: { maxAttempts: 4 } } })).toEqual({
      callbacks: { retry: { maxAttempts: 4 } },
    });
  });

  it('keeps the bounds, enums and names of every field', () => {
    expect(issuePaths(patchSchema.safeParse({ messaging: { recentContacts: 501 } }))).toEqual([
      'messaging.recentContacts',
    ]);
    expect(issuePaths(patchSchema.safeParse({ multiLogin: { policy: 'any' } }))).toEqual([
      'multiLogin.policy',
    ]);
    expect(issuePaths(patchSchema.safeParse({ dataCentre: 'mars-1' }))).toEqual(['dataCentre']);
    expect(issuePaths(patchSchema.safeParse({ customFields: { friend: [{ name: 'Level' }] } }))).toEqual([
      'customFields.friend.0.name',
    ]);
  });

  it('takes lists whole: items are complete, checked and given their defaults', () => {
    expect(patchSchema.parse({ tags: [{ key: 'team' }] })).toEqual({ tags: [{ key: 'team', value: '' }] });
    expect(
      issuePaths(patchSchema.safeParse({ offlinePush: { apns: [{ bundleId: 'com.example.chat' }] } })),
    ).toEqual(['offlinePush.apns.0.environment', 'offlinePush.apns.0.certificate']);
    expect(issuePaths(patchSchema.safeParse({ admins: ['a', 'a'] }))).toEqual(['admins.1']);
    expect(issuePaths(patchSchema.safeParse({ admins: [] }))).toEqual(['admins']);
  });

  it('accepts REDACTED for secrets, leaving the merge to decide', () => {
    const patch = {
      callbacks: { token: REDACTED },
      offlinePush: { apns: [{ ...validApns, password: REDACTED }] },
    };
    expect(patchSchema.safeParse(patch).success).toBe(true);
  });

  it('leaves cross-field rules to the merged result', () => {
    // Alone, `enabled: true` cannot be judged: the URL may already be set in the current configuration.
    expect(patchSchema.safeParse({ callbacks: { enabled: true } }).success).toBe(true);
    expect(patchSchema.safeParse({ multiLogin: { nativeInstancesPerPlatform: 3 } }).success).toBe(true);
  });

  it('rejects null and wrong types at their path', () => {
    expect(issuePaths(patchSchema.safeParse({ details: null }))).toEqual(['details']);
    expect(issuePaths(patchSchema.safeParse({ details: { name: null } }))).toEqual(['details.name']);
    expect(issuePaths(patchSchema.safeParse({ tags: { key: 'x' } }))).toEqual(['tags']);
    expect(issuePaths(patchSchema.safeParse('{}'))).toEqual(['']);
  });
});
