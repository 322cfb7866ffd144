import { z } from 'zod';

/** Tencent's console asks for an application type when an app is created; Parley keeps the same closed list. */
export const APP_TYPES = [
  'social',
  'gaming',
  'live-streaming',
  'e-commerce',
  'education',
  'enterprise',
  'healthcare',
  'other',
] as const;
export type AppType = (typeof APP_TYPES)[number];

/** The name given to an app created without one; the create endpoint may still insist on a real name. */
export const DEFAULT_APP_NAME = 'Untitled app';

/** Application details: what the console shows about the app (Tencent: name, introduction, type, description). */
export const detailsSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    // The empty name already fails min(1); this catches names of spaces only.
    .refine((name) => name === '' || name.trim() !== '', 'must not be blank')
    .default(DEFAULT_APP_NAME),
  introduction: z.string().max(512).default(''),
  description: z.string().max(2048).default(''),
  type: z.enum(APP_TYPES).default('social'),
});
