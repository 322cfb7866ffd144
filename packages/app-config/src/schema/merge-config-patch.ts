import type { AppConfig } from './app-config.ts';
import {
  type AndroidPushCertificate,
  type ApnsCertificate,
  androidPushCertificateKey,
  apnsCertificateKey,
} from './offline-push.ts';
import type { AppConfigPatch } from './patch-schema.ts';
import { REDACTED } from './secret-string.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else in the patch (lists, scalars) replaces the current value whole. */
function mergeValue(current: unknown, patch: unknown): unknown {
  if (patch === undefined) return current;
  if (!isPlainObject(current) || !isPlainObject(patch)) return patch;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) merged[key] = mergeValue(current[key], value);
  return merged;
}

/** Replaces REDACTED in `next` by the secret of the item with the same identity in `current`, when there is one. */
function keepSecrets<Item, Field extends keyof Item>(
  next: readonly Item[],
  current: readonly Item[],
  keyOf: (item: Item) => string,
  fields: readonly Field[],
): Item[] {
  const currentByKey = new Map(current.map((item) => [keyOf(item), item]));
  return next.map((item) => {
    const before = currentByKey.get(keyOf(item));
    if (!before) return item;
    const kept = { ...item };
    for (const field of fields) if (kept[field] === REDACTED) kept[field] = before[field];
    return kept;
  });
}

/**
 * Applies a parsed PATCH to the current configuration, without validating: objects merge, lists replace whole,
 * and a secret sent as REDACTED keeps its current value (list items are matched by identity: bundleId and
 * environment for APNs, vendor and packageName for Android). A REDACTED with nothing to keep stays and is
 * rejected by the full schema, which the caller must run on the result.
 */
export function mergeConfigPatch(current: AppConfig, patch: AppConfigPatch): AppConfig {
  // mergeValue is structural; the patch schema guarantees every key it carries exists in AppConfig.
  const merged = mergeValue(current, patch) as AppConfig;
  return {
    ...merged,
    callbacks: {
      ...merged.callbacks,
      token: merged.callbacks.token === REDACTED ? current.callbacks.token : merged.callbacks.token,
    },
    offlinePush: {
      apns: keepSecrets<ApnsCertificate, 'certificate' | 'password'>(
        merged.offlinePush.apns,
        current.offlinePush.apns,
        apnsCertificateKey,
        ['certificate', 'password'],
      ),
      android: keepSecrets<AndroidPushCertificate, 'appKey' | 'appSecret'>(
        merged.offlinePush.android,
        current.offlinePush.android,
        androidPushCertificateKey,
        ['appKey', 'appSecret'],
      ),
    },
  };
}
