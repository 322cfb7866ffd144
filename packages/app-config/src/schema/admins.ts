import { userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { uniqueBy } from './unique.ts';

/** Tencent creates every app with one admin account named "administrator". */
export const DEFAULT_ADMINS: readonly string[] = ['administrator'];

/** Tencent allows at most 10 app admins per app. */
export const MAX_ADMINS = 10;

/** App admin UserIDs: the accounts allowed to call the REST API and act on any conversation or group. */
export const adminsSchema = z
  .array(userIdSchema)
  .min(1)
  .max(MAX_ADMINS)
  .check(uniqueBy<string>((id) => id, '', 'admin'))
  .default(() => [...DEFAULT_ADMINS]);
