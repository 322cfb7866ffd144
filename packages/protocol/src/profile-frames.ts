import { z } from 'zod';
import { userIdSchema } from './identifiers.ts';

/** Tencent's standard profile tags (Profile Management, "Standard profile fields"), all readable by anyone. */
export const STANDARD_PROFILE_TAGS = [
  'Tag_Profile_IM_Nick',
  'Tag_Profile_IM_Gender',
  'Tag_Profile_IM_BirthDay',
  'Tag_Profile_IM_Location',
  'Tag_Profile_IM_SelfSignature',
  'Tag_Profile_IM_AllowType',
  'Tag_Profile_IM_Language',
  'Tag_Profile_IM_Image',
  'Tag_Profile_IM_AdminForbidType',
  'Tag_Profile_IM_Level',
  'Tag_Profile_IM_Role',
] as const;
export type StandardProfileTag = (typeof STANDARD_PROFILE_TAGS)[number];

/**
 * Tencent's limits: a string value at most 500 bytes, the location at most 16; at most 100 users per read. At most
 * every standard tag plus the 20 custom ones an app may declare in one call.
 */
export const PROFILE_LIMITS = {
  stringBytes: 500,
  locationBytes: 16,
  usersPerGet: 100,
  tagsPerCall: STANDARD_PROFILE_TAGS.length + 20,
} as const;

/**
 * A profile value: a string, or an unsigned 32-bit integer (BirthDay, Language, Level, Role). Byte limits per tag are
 * the domain's (40601); this bound only keeps frames small.
 */
export const profileValueSchema = z.union([
  z.string().max(PROFILE_LIMITS.stringBytes * 4),
  z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
]);
export type ProfileValue = z.infer<typeof profileValueSchema>;
/** A profile, or part of one: values by tag. */
export type ProfileValues = Record<string, ProfileValue>;

/** A tag's name: checked against the standard tags and the app's custom ones by the domain (40009). */
const profileTagSchema = z.string().min(1).max(64);
const MAX_TAGS = PROFILE_LIMITS.tagsPerCall;

/** The data schema of each `profile.*` op (merged into `opSchemas`). */
export const profileOpSchemas = {
  'profile.get': z.object({
    userIds: z.array(userIdSchema).min(1).max(PROFILE_LIMITS.usersPerGet),
    tags: z.array(profileTagSchema).min(1).max(MAX_TAGS).optional(),
  }),
  'profile.set': z.object({
    profile: z
      .record(profileTagSchema, profileValueSchema)
      .refine((values) => Object.keys(values).length >= 1 && Object.keys(values).length <= MAX_TAGS, {
        message: `1 to ${MAX_TAGS} tags`,
      }),
  }),
} as const;

export interface ProfileOpResults {
  /** The users that exist, in the order asked, with the tags the caller may read; the others in `notFound`. */
  'profile.get': { profiles: { userId: string; profile: ProfileValues }[]; notFound: string[] };
  /** The caller's whole profile after the change. */
  'profile.set': { profile: ProfileValues };
}

export interface ProfilePushPayloads {
  /** The user's profile changed from another session (or by the app's admin): the tags that were set. */
  profile: { userId: string; profile: ProfileValues };
}
