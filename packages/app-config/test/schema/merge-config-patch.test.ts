import { describe, expect, it } from 'vitest';
import { type AppConfig, type AppConfigPatch, mergeConfigPatch, REDACTED } from '../../src/schema/index.ts';
import { issuesOf, patchSchema, schema, validAndroid, validApns } from './helpers.ts';

function current(): AppConfig {
  return schema.parse({
    details: { name: 'Chat', introduction: 'intro' },
    admins: ['administrator', 'ops'],
    callbacks: {
      enabled: true,
      url: 'https://im.example.com/cb',
      token: 'cb-token',
      retry: { maxAttempts: 5 },
    },
    offlinePush: {
      apns: [validApns, { ...validApns, environment: 'development', password: 'dev-password' }],
      android: [validAndroid],
    },
    tags: [{ key: 'team', value: 'growth' }],
  });
}

/** Parses the patch as the service does, then merges and re-validates. */
function apply(base: AppConfig, patch: unknown) {
  return schema.safeParse(mergeConfigPatch(base, patchSchema.parse(patch)));
}

describe('mergeConfigPatch', () => {
  it('changes only what the patch names (deep merge of objects)', () => {
    const before = current();
    const after = mergeConfigPatch(before, {
      callbacks: { retry: { initialBackoffMs: 500 } },
      details: { name: 'Chat 2' },
    });
    expect(after.callbacks.retry).toEqual({ maxAttempts: 5, initialBackoffMs: 500 });
    expect(after.details).toEqual({ ...before.details, name: 'Chat 2' });
    expect(after.callbacks.url).toBe('https://im.example.com/cb');
    expect({ ...after, callbacks: before.callbacks, details: before.details }).toEqual(before);
  });

  it('returns the current configuration unchanged for an empty patch', () => {
    const before = current();
    expect(mergeConfigPatch(before, {})).toEqual(before);
  });

  it('replaces lists whole', () => {
    const after = mergeConfigPatch(current(), { admins: ['root'], tags: [] });
    expect(after.admins).toEqual(['root']);
    expect(after.tags).toEqual([]);
    expect(mergeConfigPatch(current(), { offlinePush: { android: [] } }).offlinePush.apns).toHaveLength(2);
  });

  it('does not modify the current configuration or the patch', () => {
    const before = current();
    const snapshot = structuredClone(before);
    const patch: AppConfigPatch = {
      callbacks: { token: REDACTED, retry: { maxAttempts: 1 } },
      admins: ['x'],
    };
    const patchSnapshot = structuredClone(patch);
    mergeConfigPatch(before, patch);
    expect(before).toEqual(snapshot);
    expect(patch).toEqual(patchSnapshot);
  });

  it('keeps the current token when the patch sends REDACTED, and changes or clears it otherwise', () => {
    expect(mergeConfigPatch(current(), { callbacks: { token: REDACTED } }).callbacks.token).toBe('cb-token');
    expect(mergeConfigPatch(current(), { callbacks: { token: 'new' } }).callbacks.token).toBe('new');
    expect(mergeConfigPatch(current(), { callbacks: { token: '' } }).callbacks.token).toBe('');
    const unset = schema.parse({});
    expect(mergeConfigPatch(unset, { callbacks: { token: REDACTED } }).callbacks.token).toBe('');
  });

  it('keeps list-item secrets sent as REDACTED, matching items by identity even when reordered', () => {
    const before = current();
    const redacted = before.offlinePush.apns.map((item) => ({
      ...item,
      certificate: REDACTED,
      password: REDACTED,
    }));
    const result = apply(before, { offlinePush: { apns: [redacted[1], redacted[0]] } });
    expect(result.success).toBe(true);
    expect(result.data?.offlinePush.apns).toEqual([before.offlinePush.apns[1], before.offlinePush.apns[0]]);

    const android = apply(before, {
      offlinePush: { android: [{ ...validAndroid, appKey: REDACTED, appSecret: 'rotated', appId: '2' }] },
    });
    expect(android.data?.offlinePush.android).toEqual([
      { ...validAndroid, appSecret: 'rotated', appId: '2' },
    ]);
  });

  it('rejects, after merging, a REDACTED secret that has no current value to keep', () => {
    const before = current();
    const newCertificate = { ...validApns, bundleId: 'com.example.other', certificate: REDACTED };
    expect(
      issuesOf(apply(before, { offlinePush: { apns: [...before.offlinePush.apns, newCertificate] } })),
    ).toEqual([
      'offlinePush.apns.2.certificate: "********" means "keep the current secret", but there is none to keep here: send the secret itself',
    ]);
    // Changing an item's identity makes it a new item: its secrets must be sent again.
    const moved = { ...validAndroid, packageName: 'com.example.moved', appSecret: REDACTED };
    expect(apply(before, { offlinePush: { android: [moved] } }).success).toBe(false);
  });

  it('lets the full schema judge cross-field rules on the merged result', () => {
    expect(apply(current(), { callbacks: { enabled: true } }).success).toBe(true);
    expect(issuesOf(apply(current(), { callbacks: { url: '' } }))).toEqual([
      'callbacks.url: must be set when callbacks.enabled is true',
    ]);
    expect(apply(schema.parse({}), { callbacks: { enabled: true } }).success).toBe(false);
  });
});
