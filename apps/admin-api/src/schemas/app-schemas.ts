import { APP_STATUSES, type buildAppConfigSchema } from '@parley/app-config';
import { z } from 'zod';

type ConfigSchema = ReturnType<typeof buildAppConfigSchema>;

export function appViewSchema(configSchema: ConfigSchema) {
  return z.object({
    sdkAppId: z.number().int(),
    status: z.enum(APP_STATUSES),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    terminatedAt: z.string().nullable(),
    purgeAt: z
      .string()
      .nullable()
      .meta({ description: 'When a terminated app’s configuration data is deleted.' }),
    config: configSchema,
  });
}
