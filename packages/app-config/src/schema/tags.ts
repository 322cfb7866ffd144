import { z } from 'zod';
import { uniqueBy } from './unique.ts';

export const MAX_TAGS = 50;

export const tagSchema = z.strictObject({
  key: z.string().min(1).max(64),
  value: z.string().max(256).default(''),
});

/** Key-value labels the operator puts on an app (Tencent: tag configuration) to sort and bill apps. */
export const tagsSchema = z
  .array(tagSchema)
  .max(MAX_TAGS)
  .check(uniqueBy((tag) => tag.key, 'key', 'tag key'))
  .default(() => []);
