import type { AccountStore } from '@parley/domain';
import { mediaUrlSchema, userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { RestFailure, restFailures } from './rest-codes.ts';
import { type RestService, restCommand } from './rest-command.ts';

export interface LoginServiceDeps {
  accounts: AccountStore;
  now: () => number;
  /** Ends every session of the user wherever it is connected; none: `kick` is not served. */
  kick?: (sdkAppId: number, userId: string) => Promise<void>;
  /** Tells the gateways that accounts were deleted (their sessions are closed). */
  onAccountsDeleted?: (sdkAppId: number, userIds: string[]) => void;
}

/** Tencent's batch limit of the account commands. */
const MAX_ACCOUNTS = 100;

/** One account by `UserID` (Tencent's newer field) or `Identifier` (older clients), with optional profile fields. */
const accountFields = z
  .object({
    UserID: userIdSchema.optional(),
    Identifier: userIdSchema.optional(),
    Nick: z.string().max(64).optional(),
    FaceUrl: mediaUrlSchema.max(512).optional(),
  })
  .refine((value) => value.UserID !== undefined || value.Identifier !== undefined, {
    message: 'UserID is required',
    path: ['UserID'],
  })
  .transform((value) => ({
    userId: (value.UserID ?? value.Identifier) as string,
    nick: value.Nick,
    faceUrl: value.FaceUrl,
  }));

const userItems = (field: string) =>
  z
    .object({
      [field]: z
        .array(z.object({ UserID: userIdSchema }))
        .min(1)
        .max(MAX_ACCOUNTS),
    })
    .transform((value) => (value[field] as { UserID: string }[]).map((item) => item.UserID));

/** `im_open_login_svc`: accounts (import, check, delete) and kicking a user's sessions. */
export function loginService(deps: LoginServiceDeps): RestService {
  const commands: RestService['commands'] = {
    account_import: restCommand({
      input: accountFields,
      run: async ({ app, input }) => {
        await deps.accounts.importAccounts(app.sdkAppId, [input], deps.now());
        return {};
      },
    }),

    multiaccount_import: restCommand({
      input: z.object({ Accounts: z.array(z.string()).min(1).max(MAX_ACCOUNTS) }),
      heavy: true,
      run: async ({ app, input }) => {
        const requested = [...new Set(input.Accounts)];
        // As Tencent: a UserID that is not valid is listed in FailAccounts, the others are imported.
        const valid = requested.filter((userId) => userIdSchema.safeParse(userId).success);
        if (valid.length > 0) {
          await deps.accounts.importAccounts(
            app.sdkAppId,
            valid.map((userId) => ({ userId })),
            deps.now(),
          );
        }
        return { FailAccounts: requested.filter((userId) => !valid.includes(userId)) };
      },
    }),

    account_delete: restCommand({
      input: userItems('DeleteItem'),
      heavy: true,
      run: async ({ app, input }) => {
        const deleted = new Set(await deps.accounts.delete(app.sdkAppId, input));
        if (deleted.size > 0) deps.onAccountsDeleted?.(app.sdkAppId, [...deleted]);
        const missing = restFailures.ACCOUNT_NOT_IMPORTED;
        return {
          ResultItem: input.map((userId) =>
            deleted.has(userId)
              ? { ResultCode: 0, ResultInfo: '', UserID: userId }
              : { ResultCode: missing.code, ResultInfo: missing.info, UserID: userId },
          ),
        };
      },
    }),

    account_check: restCommand({
      input: userItems('CheckItem'),
      heavy: true,
      run: async ({ app, input }) => {
        const existing = await deps.accounts.existing(app.sdkAppId, input);
        return {
          ResultItem: input.map((userId) => ({
            UserID: userId,
            ResultCode: 0,
            ResultInfo: '',
            AccountStatus: existing.has(userId) ? 'Imported' : 'NotImported',
          })),
        };
      },
    }),
  };
  const { kick } = deps;
  if (kick) {
    commands.kick = restCommand({
      input: accountFields,
      run: async ({ app, input }) => {
        const known = await deps.accounts.existing(app.sdkAppId, [input.userId]);
        if (!known.has(input.userId)) throw new RestFailure('ACCOUNT_NOT_IMPORTED');
        await kick(app.sdkAppId, input.userId);
        return {};
      },
    });
  }
  return { name: 'im_open_login_svc', invalidField: 'ACCOUNT_BAD_FIELD', commands };
}
