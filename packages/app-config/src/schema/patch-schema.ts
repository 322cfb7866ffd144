import { z } from 'zod';
import { type AppConfig, type AppConfigDeployment, buildAppConfigSchema } from './app-config.ts';

/**
 * A PATCH body: every object level optional and merged, lists replaced whole (so their items are complete,
 * with item defaults applied).
 */
export type ConfigPatch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: ConfigPatch<T[K]> }
    : T;
export type AppConfigPatch = ConfigPatch<AppConfig>;

/**
 * Derives the patch form of a schema: objects stay strict but every key becomes optional and loses its default
 * (a default inside a patch would overwrite the current value); cross-field checks on objects are dropped
 * because a partial object cannot be judged alone; the service re-validates the merged result with the full
 * schema. Lists and leaves are kept as they are, with all their checks.
 */
function toPatch(schema: z.core.$ZodType): z.ZodType {
  if (!(schema instanceof z.ZodType)) throw new TypeError('toPatch expects schemas built with zod (classic)');
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) return toPatch(schema.unwrap());
  if (schema instanceof z.ZodOptional) return toPatch(schema.unwrap());
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = toPatch(field).optional();
    }
    return z.strictObject(shape);
  }
  return schema;
}

/** The schema of a PATCH body for this deployment; see `mergeConfigPatch` for how it is applied. */
export function buildAppConfigPatchSchema(deployment: AppConfigDeployment): z.ZodType<AppConfigPatch> {
  // The derivation is structural, so TypeScript cannot follow it; the type is ConfigPatch<AppConfig> by
  // construction, and the tests parse real patches through it.
  return toPatch(buildAppConfigSchema(deployment)) as z.ZodType<AppConfigPatch>;
}
