import type { AccountStore, AdminMessaging } from '@parley/domain';
import { type ConversationSummary, userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { RestFailure } from './rest-codes.ts';
import { type RestService, restCommand } from './rest-command.ts';

export interface RecentContactServiceDeps {
  accounts: AccountStore;
  adminMessaging: AdminMessaging;
}

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** Tencent's conversation types: 1 one-to-one (C2C), 2 group. */
const C2C = 1;
const GROUP = 2;

/** `recentcontact`: a user's conversation list, read and trimmed by the app admin. */
export function recentContactService(deps: RecentContactServiceDeps): RestService {
  /** 50001 unless the account exists. */
  async function assertAccount(sdkAppId: number, userId: string): Promise<void> {
    const existing = await deps.accounts.existing(sdkAppId, [userId]);
    if (!existing.has(userId)) throw new RestFailure('CONTACT_ACCOUNT_MISSING');
  }

  return {
    name: 'recentcontact',
    invalidField: 'CONTACT_BAD_FIELD',
    commands: {
      get_list: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          // Paging and flags: accepted; the whole list comes in one page (CompleteFlag 1), nothing is pinned.
          TimeStamp: uint32.optional(),
          StartIndex: uint32.optional(),
          TopTimeStamp: uint32.optional(),
          TopStartIndex: uint32.optional(),
          AssistFlags: uint32.optional(),
        }),
        run: async ({ app, input }) => {
          await assertAccount(app.sdkAppId, input.From_Account);
          const conversations = await deps.adminMessaging.conversationList(app, input.From_Account);
          return {
            SessionItem: conversations.map(toSessionItem),
            CompleteFlag: 1,
            TimeStamp: 0,
            StartIndex: 0,
            TopTimeStamp: 0,
            TopStartIndex: 0,
          };
        },
      }),

      delete: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          Type: z.union([z.literal(C2C), z.literal(GROUP)]),
          To_Account: userIdSchema.optional(),
          ToGroupid: z.string().min(1).max(48).optional(),
          ClearRamble: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
        run: async ({ app, input }) => {
          if (input.Type === GROUP) {
            throw new RestFailure(
              'CONTACT_BAD_FIELD',
              'Type 2: a group conversation is listed while the user is a member; Parley deletes one-to-one conversations only.',
            );
          }
          if (input.To_Account === undefined)
            throw new RestFailure('CONTACT_BAD_FIELD', 'To_Account is required.');
          await assertAccount(app.sdkAppId, input.From_Account);
          await deps.adminMessaging.deleteConversation(app, input.From_Account, input.To_Account);
          return {};
        },
      }),
    },
  };
}

function toSessionItem(conversation: ConversationSummary) {
  const msgTime = Math.floor(conversation.updatedAt / 1000);
  return conversation.groupType === undefined
    ? { Type: C2C, To_Account: conversation.peer, MsgTime: msgTime, TopFlag: 0 }
    : { Type: GROUP, GroupId: conversation.peer, MsgTime: msgTime, TopFlag: 0 };
}
