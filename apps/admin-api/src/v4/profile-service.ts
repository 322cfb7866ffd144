import { type AccountStore, ProfileService, type RelationStore } from '@parley/domain';
import { errorCatalogue, PROFILE_LIMITS, profileValueSchema, userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { type RestService, restCommand } from './rest-command.ts';

export interface ProfileServiceDeps {
  accounts: AccountStore;
  relations: RelationStore;
}

const MAX_TAGS = PROFILE_LIMITS.tagsPerCall;
const tag = z.string().min(1).max(64);

/**
 * `profile`: users' profiles (`portrait_set`, `portrait_get`) over the domain's ProfileService, as the app's admin:
 * every tag is readable and writable (AdminForbidType and `write: "admin"` custom fields included). A set through
 * /v4 pushes nothing to the user's sessions.
 */
export function profileService(deps: ProfileServiceDeps): RestService {
  const profiles = new ProfileService({ accounts: deps.accounts, relations: deps.relations });
  const admin = { admin: true } as const;
  return {
    name: 'profile',
    invalidField: 'PROFILE_BAD_FIELD',
    commands: {
      portrait_set: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          ProfileItem: z
            .array(z.object({ Tag: tag, Value: profileValueSchema }))
            .min(1)
            .max(MAX_TAGS),
        }),
        run: async ({ app, input }) => {
          const values = Object.fromEntries(input.ProfileItem.map((item) => [item.Tag, item.Value]));
          await profiles.write(app, admin, input.From_Account, values);
          return {};
        },
      }),

      portrait_get: restCommand({
        input: z.object({
          To_Account: z.array(z.string()).min(1).max(PROFILE_LIMITS.usersPerGet),
          TagList: z.array(tag).min(1).max(MAX_TAGS),
        }),
        run: async ({ app, input }) => {
          const asked = [...new Set(input.To_Account)];
          const valid = asked.filter((userId) => userIdSchema.safeParse(userId).success);
          const reads = new Map(
            (await profiles.read(app, admin, valid, input.TagList)).map((read) => [
              read.userId,
              read.profile,
            ]),
          );
          const missing = errorCatalogue.PROFILE_ACCOUNT_NOT_FOUND;
          const items = asked.map((userId) => {
            const profile = reads.get(userId);
            return profile
              ? {
                  To_Account: userId,
                  ProfileItem: Object.entries(profile).map(([Tag, Value]) => ({ Tag, Value })),
                  ResultCode: 0,
                  ResultInfo: '',
                }
              : {
                  To_Account: userId,
                  ProfileItem: [],
                  ResultCode: missing.code,
                  ResultInfo: missing.message,
                };
          });
          const failed = items.filter((item) => item.ResultCode !== 0).map((item) => item.To_Account);
          return { UserProfileItem: items, ...(failed.length > 0 ? { Fail_Account: failed } : {}) };
        },
      }),
    },
  };
}
