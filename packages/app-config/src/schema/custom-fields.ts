import { z } from 'zod';
import { uniqueBy } from './unique.ts';

/**
 * Custom friend fields: Tencent names them prefix "Tag_SNS_Custom_" + a keyword of English letters, at most 8
 * bytes (Relationship Chain Management, "Custom friend fields"; e.g. Tag_SNS_Custom_Test).
 */
const FRIEND_FIELD_NAME = /^Tag_SNS_Custom_[A-Za-z]{1,8}$/;
/** Custom profile fields follow the same prefix + keyword rule with prefix "Tag_Profile_Custom_". */
const USER_FIELD_NAME = /^Tag_Profile_Custom_[A-Za-z]{1,8}$/;
/** Group and group-member custom field keys: letters, digits and underscores, at most 16 bytes. */
const GROUP_FIELD_NAME = /^[A-Za-z0-9_]{1,16}$/;

export const MAX_CUSTOM_FRIEND_FIELDS = 20;
export const MAX_CUSTOM_USER_FIELDS = 20;
export const MAX_CUSTOM_GROUP_MEMBER_FIELDS = 5;
export const MAX_CUSTOM_GROUP_FIELDS = 10;

export const USER_FIELD_READ_SCOPES = ['all', 'friends', 'self'] as const;
export const USER_FIELD_WRITE_SCOPES = ['self', 'admin'] as const;
export const GROUP_MEMBER_FIELD_READ_SCOPES = ['members', 'admins'] as const;
export const GROUP_MEMBER_FIELD_WRITE_SCOPES = ['self', 'admins'] as const;
export const GROUP_FIELD_READ_SCOPES = ['public', 'members'] as const;
export const GROUP_FIELD_WRITE_SCOPES = ['owner', 'admins', 'members'] as const;

export const customFriendFieldSchema = z.strictObject({
  name: z
    .string()
    .refine(
      (name): name is `Tag_SNS_Custom_${string}` => FRIEND_FIELD_NAME.test(name),
      'must be Tag_SNS_Custom_ followed by 1-8 English letters',
    ),
});

export const customUserFieldSchema = z.strictObject({
  name: z
    .string()
    .refine(
      (name): name is `Tag_Profile_Custom_${string}` => USER_FIELD_NAME.test(name),
      'must be Tag_Profile_Custom_ followed by 1-8 English letters',
    ),
  read: z.enum(USER_FIELD_READ_SCOPES).default('all'),
  write: z.enum(USER_FIELD_WRITE_SCOPES).default('self'),
});

const groupFieldName = z.string().regex(GROUP_FIELD_NAME, 'must be 1-16 letters, digits or underscores');

export const customGroupMemberFieldSchema = z.strictObject({
  name: groupFieldName,
  readScope: z.enum(GROUP_MEMBER_FIELD_READ_SCOPES).default('members'),
  writeScope: z.enum(GROUP_MEMBER_FIELD_WRITE_SCOPES).default('self'),
});

export const customGroupFieldSchema = z.strictObject({
  name: groupFieldName,
  readScope: z.enum(GROUP_FIELD_READ_SCOPES).default('members'),
  writeScope: z.enum(GROUP_FIELD_WRITE_SCOPES).default('admins'),
});

function fieldList<Item extends z.ZodType<{ name: string }>>(item: Item, max: number) {
  return z
    .array(item)
    .max(max)
    .check(uniqueBy<z.output<Item>>((field) => field.name, 'name', 'field name'))
    .default(() => []);
}

/** The extra fields an app stores on friends, users, group members and groups (declared before use). */
export const customFieldsSchema = z.strictObject({
  friend: fieldList(customFriendFieldSchema, MAX_CUSTOM_FRIEND_FIELDS),
  user: fieldList(customUserFieldSchema, MAX_CUSTOM_USER_FIELDS),
  groupMember: fieldList(customGroupMemberFieldSchema, MAX_CUSTOM_GROUP_MEMBER_FIELDS),
  group: fieldList(customGroupFieldSchema, MAX_CUSTOM_GROUP_FIELDS),
});
