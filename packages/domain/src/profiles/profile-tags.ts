import type { FriendVerification, RuntimeApp } from '@parley/app-config';
import {
  isMediaUrl,
  ParleyError,
  PROFILE_LIMITS,
  type ProfileValue,
  STANDARD_PROFILE_TAGS,
  type StandardProfileTag,
} from '@parley/protocol';
import type { Account } from '../ports/account-store.ts';

/** How a tag's value is checked: a string of at most so many bytes (an http(s) URL or empty), one of a list, a uint32. */
type TagRule =
  | { kind: 'string'; maxBytes: number; url?: true }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'uint32' };

const text = (maxBytes: number): TagRule => ({ kind: 'string', maxBytes });
const uint32: TagRule = { kind: 'uint32' };

export const GENDERS = ['Gender_Type_Unknown', 'Gender_Type_Female', 'Gender_Type_Male'] as const;
export const ALLOW_TYPES = [
  'AllowType_Type_NeedConfirm',
  'AllowType_Type_AllowAny',
  'AllowType_Type_DenyAny',
] as const;
export const ADMIN_FORBID_TYPES = ['AdminForbid_Type_None', 'AdminForbid_Type_SendOut'] as const;

/** Tencent's standard tags (Profile Management, "Standard profile fields") with their value rules. */
const STANDARD_RULES: Record<StandardProfileTag, TagRule> = {
  Tag_Profile_IM_Nick: text(PROFILE_LIMITS.stringBytes),
  Tag_Profile_IM_Gender: { kind: 'enum', values: GENDERS },
  // Tencent recommends yyyymmdd (20190419) but stores any uint32.
  Tag_Profile_IM_BirthDay: uint32,
  Tag_Profile_IM_Location: text(PROFILE_LIMITS.locationBytes),
  Tag_Profile_IM_SelfSignature: text(PROFILE_LIMITS.stringBytes),
  Tag_Profile_IM_AllowType: { kind: 'enum', values: ALLOW_TYPES },
  Tag_Profile_IM_Language: uint32,
  Tag_Profile_IM_Image: { kind: 'string', maxBytes: PROFILE_LIMITS.stringBytes, url: true },
  Tag_Profile_IM_AdminForbidType: { kind: 'enum', values: ADMIN_FORBID_TYPES },
  Tag_Profile_IM_Level: uint32,
  Tag_Profile_IM_Role: uint32,
};

/** What a standard tag reads as before it is ever set. */
const STANDARD_DEFAULTS: Record<StandardProfileTag, ProfileValue> = {
  Tag_Profile_IM_Nick: '',
  Tag_Profile_IM_Gender: 'Gender_Type_Unknown',
  Tag_Profile_IM_BirthDay: 0,
  Tag_Profile_IM_Location: '',
  Tag_Profile_IM_SelfSignature: '',
  Tag_Profile_IM_AllowType: 'AllowType_Type_NeedConfirm',
  Tag_Profile_IM_Language: 0,
  Tag_Profile_IM_Image: '',
  Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_None',
  Tag_Profile_IM_Level: 0,
  Tag_Profile_IM_Role: 0,
};

/** Only the app's admin sets AdminForbidType (Tencent: "ordinary users cannot set it"). */
const ADMIN_ONLY_STANDARD: ReadonlySet<string> = new Set(['Tag_Profile_IM_AdminForbidType']);

const ALLOW_TYPE_OF: Record<FriendVerification, (typeof ALLOW_TYPES)[number]> = {
  'need-confirm': 'AllowType_Type_NeedConfirm',
  'allow-any': 'AllowType_Type_AllowAny',
  'deny-any': 'AllowType_Type_DenyAny',
};

export function isStandardTag(tag: string): tag is StandardProfileTag {
  return (STANDARD_PROFILE_TAGS as readonly string[]).includes(tag);
}

/** Who reads or writes a profile: one of the app's users, or the app's admin (the REST API). */
export type ProfileCaller = { admin: true } | { admin: false; userId: string };

export type CustomUserField = RuntimeApp['config']['customFields']['user'][number];

/** The app's declared custom user field of this tag, if any. */
export function customFieldOf(app: RuntimeApp, tag: string): CustomUserField | undefined {
  return app.config.customFields.user.find((field) => field.name === tag);
}

/**
 * Checks one value to set: the tag exists (40009), this caller may write it (40008), the value has the tag's type
 * and is one of its values (40001) and fits its length (40601).
 */
export function checkProfileWrite(
  app: RuntimeApp,
  caller: ProfileCaller,
  tag: string,
  value: ProfileValue,
): void {
  let rule: TagRule;
  if (isStandardTag(tag)) {
    rule = STANDARD_RULES[tag];
    if (!caller.admin && ADMIN_ONLY_STANDARD.has(tag)) {
      throw new ParleyError('PROFILE_NO_WRITE_PERMISSION', { detail: `${tag} is set by the app's admin.` });
    }
  } else {
    const field = customFieldOf(app, tag);
    if (!field) throw new ParleyError('PROFILE_TAG_UNKNOWN', { detail: tag });
    if (!caller.admin && field.write === 'admin') {
      throw new ParleyError('PROFILE_NO_WRITE_PERMISSION', {
        detail: `${tag} is written by the app's admin.`,
      });
    }
    // Custom profile values are strings (Tencent: integers are for standard tags only).
    rule = text(PROFILE_LIMITS.stringBytes);
  }
  checkValue(tag, rule, value);
}

function checkValue(tag: string, rule: TagRule, value: ProfileValue): void {
  const invalid = (why: string) => new ParleyError('PROFILE_VALUE_INVALID', { detail: `${tag} ${why}.` });
  if (rule.kind === 'uint32') {
    if (typeof value !== 'number') throw invalid('must be an unsigned 32-bit integer');
    return;
  }
  if (typeof value !== 'string') throw invalid('must be a string');
  if (rule.kind === 'enum') {
    if (!rule.values.includes(value)) throw invalid(`must be one of ${rule.values.join(', ')}`);
    return;
  }
  if (Buffer.byteLength(value, 'utf8') > rule.maxBytes) {
    throw new ParleyError('PROFILE_VALUE_TOO_LONG', { detail: `${tag} is over ${rule.maxBytes} bytes.` });
  }
  if (rule.url && value !== '' && !isMediaUrl(value)) throw invalid('must be an https:// or http:// URL');
}

/** Every tag the caller may read of an account's profile, and its value (defaults for those never set). */
export function readableProfile(
  app: RuntimeApp,
  account: Account,
  canReadCustom: (field: CustomUserField) => boolean,
): Record<string, ProfileValue> {
  const profile: Record<string, ProfileValue> = {};
  for (const tag of STANDARD_PROFILE_TAGS)
    profile[tag] = account.profileFields[tag] ?? STANDARD_DEFAULTS[tag];
  profile.Tag_Profile_IM_Nick = account.nick;
  profile.Tag_Profile_IM_Image = account.faceUrl;
  profile.Tag_Profile_IM_AllowType =
    ALLOW_TYPE_OF[account.addVerification ?? app.config.friends.defaultAddVerification];
  for (const field of app.config.customFields.user) {
    if (canReadCustom(field)) profile[field.name] = account.profileFields[field.name] ?? '';
  }
  return profile;
}

/** The friend-add verification an AllowType value stands for. */
export function verificationOfAllowType(value: string): FriendVerification {
  const found = (Object.entries(ALLOW_TYPE_OF) as [FriendVerification, string][]).find(
    ([, v]) => v === value,
  );
  if (!found) throw new ParleyError('PROFILE_VALUE_INVALID', { detail: `Tag_Profile_IM_AllowType ${value}` });
  return found[0];
}
