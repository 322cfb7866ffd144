import { z } from 'zod';
import {
  type AppConfigDeployment,
  buildAppConfigPatchSchema,
  buildAppConfigSchema,
} from '../../src/schema/index.ts';

export const deployment: AppConfigDeployment = { regions: ['eu-frankfurt', 'ap-singapore'] };
export const schema = buildAppConfigSchema(deployment);
export const patchSchema = buildAppConfigPatchSchema(deployment);

export const validApns = {
  bundleId: 'com.example.chat',
  environment: 'production',
  certificate: 'UEsDBBQAAAAIAA==',
  password: 'p12-password',
} as const;

export const validAndroid = {
  vendor: 'huawei',
  packageName: 'com.example.chat',
  appId: '104589231',
  appKey: 'huawei-app-key',
  appSecret: 'huawei-app-secret',
} as const;

/** A valid item for each list of objects, so a test can vary one field of an item. */
export const validItems: Record<string, Record<string, unknown>> = {
  'offlinePush.apns': validApns,
  'offlinePush.android': validAndroid,
  tags: { key: 'team', value: 'growth' },
  'customFields.friend': { name: 'Tag_SNS_Custom_Level' },
  'customFields.user': { name: 'Tag_Profile_Custom_Hobby', read: 'friends', write: 'admin' },
  'customFields.groupMember': { name: 'seat_no', readScope: 'admins', writeScope: 'admins' },
  'customFields.group': { name: 'topic_2', readScope: 'public', writeScope: 'owner' },
};

/** Builds `{ a: { b: value } }` from `a.b`; a `N` segment makes a list with the item at index N. */
export function nest(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let result: unknown = value;
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index] as string;
    if (/^\d+$/.test(part)) {
      const list: unknown[] = [];
      list[Number(part)] = result;
      result = list;
    } else {
      result = { [part]: result };
    }
  }
  return result as Record<string, unknown>;
}

/** Merges plain objects recursively (test inputs only). */
export function combine(...inputs: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    for (const [key, value] of Object.entries(input)) {
      const before = out[key];
      out[key] = isObject(before) && isObject(value) ? combine(before, value) : value;
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The issues of a failed parse as `path: message` strings (the shape the API returns in `fields`). */
export function issuesOf(result: { success: boolean; error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
}

/** The paths of the issues of a failed parse. */
export function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));
}

/** Reads a value by its keys. */
export function valueAt(root: unknown, keys: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of keys) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

export interface ConfigLeaf {
  /** Dotted path, `[]` for "each item" (docs notation). */
  path: string;
  /** The keys leading to the field (a key may itself contain dots, like `C2C.CallbackBeforeSendMsg`). */
  keys: string[];
  /** The field's schema as declared, defaults included. */
  schema: z.core.$ZodType;
  /** Whether the field belongs to the items of a list. */
  inList: boolean;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional) {
    return unwrap(schema.unwrap());
  }
  return schema;
}

/**
 * Every documented field of a schema: leaves, and lists themselves (a list of objects also yields its items'
 * fields as `list[].field`). Objects are containers, not fields.
 */
export function listLeaves(root: z.core.$ZodType, keys: string[] = [], inList = false): ConfigLeaf[] {
  const inner = unwrap(root);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.core.$ZodType>).flatMap(([key, field]) =>
      listLeaves(field, [...keys, key], inList),
    );
  }
  const leaf: ConfigLeaf = { path: keys.join('.'), keys, schema: root, inList };
  if (inner instanceof z.ZodArray) {
    const element = unwrap(inner.element);
    if (element instanceof z.ZodObject) {
      const itemKeys = [...keys.slice(0, -1), `${keys.at(-1) ?? ''}[]`];
      return [leaf, ...listLeaves(element, itemKeys, true)];
    }
  }
  return [leaf];
}

/** Every object level of a schema, with `[]` for list items; '' is the root. */
export function listObjectPaths(root: z.core.$ZodType, prefix = ''): string[] {
  const inner = unwrap(root);
  if (inner instanceof z.ZodObject) {
    return [
      prefix,
      ...Object.entries(inner.shape as Record<string, z.core.$ZodType>).flatMap(([key, field]) =>
        listObjectPaths(field, prefix === '' ? key : `${prefix}.${key}`),
      ),
    ];
  }
  if (inner instanceof z.ZodArray) return listObjectPaths(inner.element, `${prefix}[]`);
  return [];
}

/** Every schema node, to look for kinds the merge rules do not handle. */
export function allNodes(root: z.core.$ZodType): z.core.$ZodType[] {
  const inner = unwrap(root);
  if (inner instanceof z.ZodObject) {
    return [root, ...Object.values(inner.shape as Record<string, z.core.$ZodType>).flatMap(allNodes)];
  }
  if (inner instanceof z.ZodArray) return [root, ...allNodes(inner.element)];
  return [root, inner];
}
