// Over 300 lines: Tencent's sns service, one command table whose eleven commands share the account and item handling.
import type { RuntimeApp } from '@parley/app-config';
import type { AccountStore, Actor, RelationService } from '@parley/domain';
import { type ErrorName, ParleyError, userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { RestFailure, type RestFailureName, restErrorOf, restFailures } from './rest-codes.ts';
import { type RestCall, type RestService, restCommand } from './rest-command.ts';

export interface SnsServiceDeps {
  accounts: AccountStore;
  relations: RelationService;
}

/** Tencent's batch limit of the friend and blacklist commands. */
const MAX_BATCH = 1000;
/** Tencent: friend_get_list reads up to 100 friends. */
const MAX_FRIEND_DATA = 100;
/** Friends per friend_get page. */
const FRIEND_PAGE = 100;
/** The one contact field Parley keeps: when the friendship began (seconds). */
const ADD_TIME_TAG = 'Tag_SNS_IM_AddTime';

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const accountList = (max: number) => z.array(userIdSchema).min(1).max(max);

/** Remark and friend-list fields are accepted and not stored (docs/tencent-rest.md). */
const addFriendItem = z.object({
  To_Account: userIdSchema,
  Remark: z.string().max(96).optional(),
  GroupName: z.union([z.string().max(30), z.array(z.string().max(30)).max(1)]).optional(),
  AddSource: z.string().regex(/^AddSource_Type_[A-Za-z0-9_]{1,8}$/),
  AddWording: z.string().max(256).optional(),
});

const importFriendItem = addFriendItem.extend({
  RemarkTime: uint32.optional(),
  AddTime: uint32.optional(),
  CustomItem: z.array(z.object({ Tag: z.string(), Value: z.unknown() })).optional(),
});

/** The catalogue errors of a friend or blacklist item that Tencent's sns service answers with its own code. */
const itemCodeOfCatalogue: Partial<Record<ErrorName, RestFailureName>> = {
  ACCOUNT_NOT_FOUND: 'SNS_ACCOUNT_MISSING',
  INVALID_REQUEST: 'SNS_BAD_FIELD',
};

interface ResultItem {
  To_Account: string;
  ResultCode: number;
  ResultInfo: string;
}

const ok = (userId: string): ResultItem => ({ To_Account: userId, ResultCode: 0, ResultInfo: '' });

function failedItem(userId: string, raw: unknown): ResultItem {
  const mapped = raw instanceof ParleyError ? itemCodeOfCatalogue[raw.errorName] : undefined;
  const error = restErrorOf(raw);
  return {
    To_Account: userId,
    ResultCode: mapped ? restFailures[mapped].code : error.code,
    ResultInfo: error.info,
  };
}

/** The batch reply of Tencent's sns commands: one result per account and the accounts that failed. */
function batchReply(items: ResultItem[], field = 'ResultItem'): Record<string, unknown> {
  return {
    [field]: items,
    Fail_Account: items.filter((item) => item.ResultCode !== 0).map((item) => item.To_Account),
  };
}

/** `sns`: friends and blacklists, managed by the app admin over the relation service the gateway uses. */
export function snsService(deps: SnsServiceDeps): RestService {
  function actorOf(app: RuntimeApp, userId: string, clientIp: string): Actor {
    return Object.freeze({ app, userId, instanceId: '', platform: 'restapi', clientIp });
  }

  /** The actor of From_Account: 30003 unless the account exists. */
  async function fromAccount(call: RestCall<{ From_Account: string }>): Promise<Actor> {
    const userId = call.input.From_Account;
    const existing = await deps.accounts.existing(call.app.sdkAppId, [userId]);
    if (!existing.has(userId)) throw new RestFailure('SNS_ACCOUNT_MISSING', `From_Account: ${userId}.`);
    return actorOf(call.app, userId, call.clientIp);
  }

  async function areFriends(actor: Actor, userId: string): Promise<boolean> {
    const { results } = await deps.relations.check(actor, { userIds: [userId] });
    return results[0]?.relation === 'friends';
  }

  /** Each item in turn (a later item sees what an earlier one did); a failed item does not stop the others. */
  async function eachItem(userIds: string[], act: (userId: string) => Promise<void>): Promise<ResultItem[]> {
    const items: ResultItem[] = [];
    for (const userId of userIds) {
      try {
        await act(userId);
        items.push(ok(userId));
      } catch (error) {
        items.push(failedItem(userId, error));
      }
    }
    return items;
  }

  const addFriends =
    (force: (input: { ForceAddFlags?: number | undefined }) => boolean) =>
    async (
      call: RestCall<{
        From_Account: string;
        AddFriendItem: { To_Account: string; AddWording?: string | undefined }[];
        ForceAddFlags?: number | undefined;
      }>,
    ) => {
      const actor = await fromAccount(call);
      const wordings = new Map(call.input.AddFriendItem.map((item) => [item.To_Account, item.AddWording]));
      const items = await eachItem(
        call.input.AddFriendItem.map((item) => item.To_Account),
        async (to) => {
          if (await areFriends(actor, to)) throw new RestFailure('ALREADY_FRIENDS');
          if (force(call.input)) {
            await deps.relations.forceAddFriend(actor, to);
            return;
          }
          const wording = wordings.get(to);
          await deps.relations.addFriend(actor, wording === undefined ? { to } : { to, wording });
        },
      );
      return batchReply(items);
    };

  const blacklistOf = async (actor: Actor) => new Set((await deps.relations.blacklistList(actor)).userIds);

  return {
    name: 'sns',
    invalidField: 'SNS_BAD_FIELD',
    commands: {
      friend_add: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          AddFriendItem: z.array(addFriendItem).min(1).max(MAX_BATCH),
          AddType: z.enum(['Add_Type_Single', 'Add_Type_Both']).optional(),
          ForceAddFlags: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
        run: addFriends((input) => input.ForceAddFlags === 1),
      }),

      friend_import: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          AddFriendItem: z.array(importFriendItem).min(1).max(MAX_BATCH),
        }),
        run: addFriends(() => true),
      }),

      friend_delete: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          To_Account: accountList(MAX_BATCH),
          DeleteType: z.enum(['Delete_Type_Single', 'Delete_Type_Both']).optional(),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const items = await eachItem(call.input.To_Account, async (userId) => {
            if (!(await areFriends(actor, userId))) throw new RestFailure('NOT_FRIENDS');
            await deps.relations.deleteFriend(actor, { userId });
          });
          return { ResultItem: items };
        },
      }),

      friend_delete_all: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          DeleteType: z.enum(['Delete_Type_Single', 'Delete_Type_Both']).optional(),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          for (const friend of (await deps.relations.listFriends(actor)).friends) {
            await deps.relations.deleteFriend(actor, { userId: friend.userId });
          }
          return {};
        },
      }),

      friend_check: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          To_Account: accountList(MAX_BATCH),
          CheckType: z.enum(['CheckResult_Type_Both', 'CheckResult_Type_Single']),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const existing = await deps.accounts.existing(call.app.sdkAppId, call.input.To_Account);
          const { results } = await deps.relations.check(actor, { userIds: call.input.To_Account });
          // Parley's friendships are two-way: friends are friends both ways.
          const friendRelation =
            call.input.CheckType === 'CheckResult_Type_Both'
              ? 'CheckResult_Type_BothWay'
              : 'CheckResult_Type_AWithB';
          const items = results.map(({ userId, relation }) =>
            existing.has(userId)
              ? {
                  ...ok(userId),
                  Relation: relation === 'friends' ? friendRelation : 'CheckResult_Type_NoRelation',
                }
              : {
                  ...failedItem(userId, new RestFailure('SNS_ACCOUNT_MISSING')),
                  Relation: 'CheckResult_Type_NoRelation',
                },
          );
          return batchReply(items, 'InfoItem');
        },
      }),

      friend_get: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          StartIndex: uint32,
          StandardSequence: uint32.optional(),
          CustomSequence: uint32.optional(),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const friends = (await deps.relations.listFriends(actor)).friends.sort((a, b) =>
            a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
          );
          const start = call.input.StartIndex;
          const page = friends.slice(start, start + FRIEND_PAGE);
          const complete = start + FRIEND_PAGE >= friends.length;
          return {
            UserDataItem: page.map((friend) => ({
              To_Account: friend.userId,
              ValueItem: [{ Tag: ADD_TIME_TAG, Value: Math.floor(friend.since / 1000) }],
            })),
            StandardSequence: 0,
            CustomSequence: 0,
            FriendNum: friends.length,
            CompleteFlag: complete ? 1 : 0,
            NextStartIndex: complete ? 0 : start + FRIEND_PAGE,
          };
        },
      }),

      friend_get_list: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          To_Account: accountList(MAX_FRIEND_DATA),
          TagList: z.array(z.string().min(1).max(64)).min(1).max(100),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const since = new Map(
            (await deps.relations.listFriends(actor)).friends.map((friend) => [friend.userId, friend.since]),
          );
          const wantsAddTime = call.input.TagList.includes(ADD_TIME_TAG);
          const items = call.input.To_Account.map((userId) => {
            const friendSince = since.get(userId);
            if (friendSince === undefined) return failedItem(userId, new RestFailure('NO_SUCH_FRIEND'));
            return {
              To_Account: userId,
              SnsProfileItem: wantsAddTime
                ? [{ Tag: ADD_TIME_TAG, Value: Math.floor(friendSince / 1000) }]
                : [],
              ResultCode: 0,
              ResultInfo: '',
            };
          });
          return batchReply(items as ResultItem[], 'InfoItem');
        },
      }),

      black_list_add: restCommand({
        input: z.object({ From_Account: userIdSchema, To_Account: accountList(MAX_BATCH) }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const blocked = await blacklistOf(actor);
          const existing = await deps.accounts.existing(call.app.sdkAppId, call.input.To_Account);
          const items = await eachItem(call.input.To_Account, async (userId) => {
            if (userId === actor.userId)
              throw new ParleyError('INVALID_REQUEST', { detail: 'A user cannot block themself.' });
            if (!existing.has(userId)) throw new ParleyError('ACCOUNT_NOT_FOUND');
            if (blocked.has(userId)) throw new RestFailure('ALREADY_BLACKLISTED');
            await deps.relations.blacklistAdd(actor, { userIds: [userId] });
            blocked.add(userId);
          });
          return batchReply(items);
        },
      }),

      black_list_delete: restCommand({
        input: z.object({ From_Account: userIdSchema, To_Account: accountList(MAX_BATCH) }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const blocked = await blacklistOf(actor);
          const items = await eachItem(call.input.To_Account, async (userId) => {
            if (!blocked.has(userId)) throw new RestFailure('NOT_BLACKLISTED');
            await deps.relations.blacklistRemove(actor, { userIds: [userId] });
            blocked.delete(userId);
          });
          return batchReply(items);
        },
      }),

      black_list_get: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          StartIndex: uint32,
          MaxLimited: z.number().int().min(1).max(MAX_BATCH),
          LastSequence: uint32,
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const blocked = (await deps.relations.blacklistList(actor)).userIds.sort();
          const start = call.input.StartIndex;
          const end = start + call.input.MaxLimited;
          return {
            // Parley keeps no time of a block: AddBlackTimeStamp is 0.
            BlackListItem: blocked
              .slice(start, end)
              .map((userId) => ({ To_Account: userId, AddBlackTimeStamp: 0 })),
            StartIndex: end >= blocked.length ? 0 : end,
            CurruentSequence: 0,
          };
        },
      }),

      black_list_check: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          To_Account: accountList(MAX_BATCH),
          CheckType: z.enum(['BlackCheckResult_Type_Both', 'BlackCheckResult_Type_Single']),
        }),
        run: async (call) => {
          const actor = await fromAccount(call);
          const blocked = await blacklistOf(actor);
          const existing = await deps.accounts.existing(call.app.sdkAppId, call.input.To_Account);
          const both = call.input.CheckType === 'BlackCheckResult_Type_Both';
          const items = [];
          for (const userId of call.input.To_Account) {
            if (!existing.has(userId)) {
              items.push({
                ...failedItem(userId, new RestFailure('SNS_ACCOUNT_MISSING')),
                Relation: 'BlackCheckResult_Type_NO',
              });
              continue;
            }
            const aBlocksB = blocked.has(userId);
            const bBlocksA =
              both && (await blacklistOf(actorOf(call.app, userId, call.clientIp))).has(actor.userId);
            const relation =
              aBlocksB && bBlocksA ? 'BothWay' : aBlocksB ? 'AWithB' : bBlocksA ? 'BWithA' : 'NO';
            items.push({ ...ok(userId), Relation: `BlackCheckResult_Type_${relation}` });
          }
          return batchReply(items, 'BlackListCheckItem');
        },
      }),
    },
  };
}
