import { z } from 'zod';

/**
 * What a set secret looks like in API output. A PATCH that sends it back for a secret field means "keep the
 * current value", so clients can round-trip what they read without knowing the secret.
 */
export const REDACTED = '********';

export interface SecretStringRules {
  /** An empty string means "unset"; required secrets must be set. */
  required: boolean;
  maxLength: number;
  /** Checked on set values only. */
  format?: { test: (value: string) => boolean; message: string };
}

/**
 * A secret string field. It accepts REDACTED on purpose: the patch schema is built from the same fields, and the
 * full configuration schema rejects any REDACTED left over once the patch has been merged (see app-config.ts).
 */
export function secretString(rules: SecretStringRules) {
  return z.string().superRefine((value, ctx) => {
    if (value === REDACTED) return;
    if (value === '') {
      if (rules.required) ctx.addIssue({ code: 'custom', message: 'must be set (it is a required secret)' });
      return;
    }
    if (value.length > rules.maxLength) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'string',
        maximum: rules.maxLength,
        inclusive: true,
        message: `Too big: expected string to have <=${rules.maxLength} characters`,
      });
    }
    if (rules.format && !rules.format.test(value))
      ctx.addIssue({ code: 'custom', message: rules.format.message });
  });
}
