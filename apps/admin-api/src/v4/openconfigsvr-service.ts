import { type AccountStore, mutedUntilAfter, noSpeakingSecondsLeft } from '@parley/domain';
import { userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { RestFailure } from './rest-codes.ts';
import { type RestService, restCommand } from './rest-command.ts';

export interface OpenConfigServiceDeps {
  accounts: AccountStore;
  now: () => number;
}

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/**
 * `openconfigsvr`: an account's global mute (Tencent's "no speaking"). Parley has the one-to-one mute (the account's
 * `mutedUntil`: its sends fail with 20012); it has no app-wide group mute, so only 0 is taken for the group time.
 */
export function openConfigService(deps: OpenConfigServiceDeps): RestService {
  return {
    name: 'openconfigsvr',
    invalidField: 'NOSPEAKING_BAD_FIELD',
    commands: {
      setnospeaking: restCommand({
        input: z.object({
          Set_Account: userIdSchema,
          C2CmsgNospeakingTime: uint32.optional(),
          GroupmsgNospeakingTime: uint32.optional(),
        }),
        run: async ({ app, input }) => {
          const c2c = input.C2CmsgNospeakingTime;
          const group = input.GroupmsgNospeakingTime;
          if (c2c === undefined && group === undefined) throw new RestFailure('NOSPEAKING_NO_TIME');
          if (group !== undefined && group !== 0) {
            throw new RestFailure(
              'NOSPEAKING_BAD_FIELD',
              'GroupmsgNospeakingTime: Parley has no app-wide group mute, only 0 is accepted (mute members per group).',
            );
          }
          const change = c2c === undefined ? {} : { mutedUntil: mutedUntilAfter(c2c, deps.now()) };
          const account = await deps.accounts.update(app.sdkAppId, input.Set_Account, change);
          if (!account) throw new RestFailure('ACCOUNT_NOT_IMPORTED');
          return {};
        },
      }),

      getnospeaking: restCommand({
        input: z.object({ Get_Account: userIdSchema }),
        run: async ({ app, input }) => {
          const account = await deps.accounts.get(app.sdkAppId, input.Get_Account);
          if (!account) throw new RestFailure('ACCOUNT_NOT_IMPORTED');
          return {
            C2CmsgNospeakingTime: noSpeakingSecondsLeft(account.mutedUntil, deps.now()),
            GroupmsgNospeakingTime: 0,
          };
        },
      }),
    },
  };
}
