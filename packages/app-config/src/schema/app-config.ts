import { z } from 'zod';
import { adminsSchema } from './admins.ts';
import { callbacksSchema } from './callbacks.ts';
import { customFieldsSchema } from './custom-fields.ts';
import { detailsSchema } from './details.ts';
import { friendsSchema } from './friends.ts';
import { groupsSchema } from './groups.ts';
import { messagingSchema } from './messaging.ts';
import { multiLoginSchema } from './multi-login.ts';
import { offlinePushSchema } from './offline-push.ts';
import { planSchema } from './plan.ts';
import { REDACTED } from './secret-string.ts';
import { listSecretFields } from './secrets.ts';
import { tagsSchema } from './tags.ts';

/** What the configuration needs to know about the deployment it runs in. */
export interface AppConfigDeployment {
  /** The data centres this deployment offers; the first is the default for new apps. */
  regions: readonly [string, ...string[]];
}

/**
 * The full application configuration. Every field has a default, so `parse({})` is a new app as Tencent Chat
 * would create it; every object is strict, so a misspelt key is an error at its path rather than ignored.
 */
export function buildAppConfigSchema(deployment: AppConfigDeployment) {
  return z
    .strictObject({
      details: detailsSchema.prefault({}),
      plan: planSchema.prefault({}),
      admins: adminsSchema,
      callbacks: callbacksSchema.prefault({}),
      messaging: messagingSchema.prefault({}),
      multiLogin: multiLoginSchema.prefault({}),
      offlinePush: offlinePushSchema.prefault({}),
      tags: tagsSchema,
      groups: groupsSchema.prefault({}),
      friends: friendsSchema.prefault({}),
      customFields: customFieldsSchema.prefault({}),
      dataCentre: z.enum(deployment.regions).default(deployment.regions[0]),
    })
    .superRefine((config, ctx) => {
      // Secret fields accept REDACTED so that a PATCH can say "keep it"; once merged, one left over had nothing to
      // keep (e.g. a new push certificate), and storing the placeholder as the secret would be a silent bug.
      for (const { path, value } of listSecretFields(config)) {
        if (value !== REDACTED) continue;
        ctx.addIssue({
          code: 'custom',
          path: path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
          message: `"${REDACTED}" means "keep the current secret", but there is none to keep here: send the secret itself`,
        });
      }
    });
}

export type AppConfigSchema = ReturnType<typeof buildAppConfigSchema>;
/** A parsed, complete application configuration. */
export type AppConfig = z.output<AppConfigSchema>;
/** What a client may send to create or change a configuration (before defaults). */
export type AppConfigInput = z.input<AppConfigSchema>;
