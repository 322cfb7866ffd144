// Over 300 lines: Tencent's openim service, one command table whose ten commands share the envelope's parsing.
import type { RuntimeApp } from '@parley/app-config';
import type {
  AccountStore,
  Actor,
  AdminMessaging,
  MessagingService,
  SessionRecord,
  StoredMessage,
} from '@parley/domain';
import { messageBodySchema, ParleyError, userIdSchema } from '@parley/protocol';
import { z } from 'zod';
import { RestFailure, restCodeOf, restFailures } from './rest-codes.ts';
import { type RestService, restCommand } from './rest-command.ts';

export interface OpenImServiceDeps {
  accounts: AccountStore;
  messaging: MessagingService;
  adminMessaging: AdminMessaging;
  /** The user's live sessions across the cluster (online status). */
  sessionsOf: (sdkAppId: number, userId: string) => Promise<SessionRecord[]>;
}

/** Tencent's longest MsgLifeTime: 7 days. */
const MAX_LIFETIME_SECONDS = 604_800;
const MAX_BATCH_RECIPIENTS = 500;
const MAX_STATUS_QUERY = 500;
/** Tencent: get_c2c_unread_msg_num takes up to 10 peers. */
const MAX_UNREAD_PEERS = 10;
/** Sends of one batchsendmsg in flight at once. */
const BATCH_CONCURRENCY = 20;

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const messageFields = {
  SyncOtherMachine: z.union([z.literal(1), z.literal(2)]).optional(),
  From_Account: userIdSchema.optional(),
  MsgLifeTime: uint32.optional(),
  MsgSeq: uint32.optional(),
  MsgRandom: uint32,
  ForbidCallbackControl: z
    .array(z.enum(['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback']))
    .optional(),
  SendMsgControl: z.array(z.enum(['NoUnread', 'NoLastMsg', 'WithMuteNotifications'])).optional(),
  MsgBody: messageBodySchema,
  CloudCustomData: z
    .string()
    .max(12 * 1024)
    .optional(),
  OfflinePushInfo: z.looseObject({}).optional(),
};

type MessageInput = z.infer<z.ZodObject<typeof messageFields>>;

/** `openim`: one-to-one messages sent, recalled and read by the app admin, and who is online. */
export function openImService(deps: OpenImServiceDeps): RestService {
  function actorOf(app: RuntimeApp, from: string, clientIp: string): Actor {
    return Object.freeze({ app, userId: from, instanceId: '', platform: 'restapi', clientIp });
  }

  async function send(
    call: { app: RuntimeApp; admin: string; clientIp: string },
    input: MessageInput,
    to: string,
    callbacks: boolean,
  ) {
    if (input.MsgLifeTime !== undefined && input.MsgLifeTime > MAX_LIFETIME_SECONDS) {
      throw new RestFailure('LIFETIME_TOO_LONG');
    }
    const from = input.From_Account ?? call.admin;
    const forbidden = input.ForbidCallbackControl ?? [];
    return deps.messaging.send(
      actorOf(call.app, from, call.clientIp),
      {
        to,
        random: input.MsgRandom,
        body: input.MsgBody,
        ...(input.CloudCustomData === undefined ? {} : { cloudCustomData: input.CloudCustomData }),
      },
      {
        admin: call.admin,
        skipBeforeSendCallback: !callbacks || forbidden.includes('ForbidBeforeSendMsgCallback'),
        skipAfterSendCallback: !callbacks || forbidden.includes('ForbidAfterSendMsgCallback'),
        onlineOnly: input.MsgLifeTime === 0,
        noSyncToSender: input.SyncOtherMachine === 2,
      },
    );
  }

  /** 90048 unless every account exists. */
  async function assertAccounts(app: RuntimeApp, userIds: string[]): Promise<void> {
    const existing = await deps.accounts.existing(app.sdkAppId, userIds);
    const missing = userIds.find((userId) => !existing.has(userId));
    if (missing !== undefined) throw new RestFailure('ACCOUNT_MISSING');
  }

  const statusQuery = restCommand({
    input: z.object({
      To_Account: z.array(userIdSchema).min(1).max(MAX_STATUS_QUERY),
      IsNeedDetail: z.union([z.literal(0), z.literal(1)]).optional(),
    }),
    run: async ({ app, input }) => {
      const userIds = [...new Set(input.To_Account)];
      const existing = await deps.accounts.existing(app.sdkAppId, userIds);
      const known = userIds.filter((userId) => existing.has(userId));
      const sessions = await Promise.all(known.map((userId) => deps.sessionsOf(app.sdkAppId, userId)));
      return {
        QueryResult: known.map((userId, index) => {
          const live = sessions[index] ?? [];
          return {
            To_Account: userId,
            // Parley keeps no push-only (backgrounded) state: a user is Online or Offline.
            State: live.length > 0 ? 'Online' : 'Offline',
            // Tencent's sample lists Detail for online users only.
            ...(input.IsNeedDetail === 1 && live.length > 0
              ? {
                  Detail: live.map((session) => ({
                    Platform: tencentPlatform(session.platform),
                    Status: 'Online',
                  })),
                }
              : {}),
          };
        }),
        ErrorList: userIds
          .filter((userId) => !existing.has(userId))
          .map((userId) => ({ To_Account: userId, ErrorCode: restFailures.ACCOUNT_NOT_IMPORTED.code })),
      };
    },
  });

  return {
    name: 'openim',
    invalidField: 'BAD_FIELD',
    commands: {
      sendmsg: restCommand({
        input: z.object({ ...messageFields, To_Account: userIdSchema }),
        run: async ({ input, ...call }) => {
          const result = await send(call, input, input.To_Account, true);
          return { MsgTime: Math.floor(result.time / 1000), MsgKey: result.msgKey };
        },
      }),

      batchsendmsg: restCommand({
        input: z.object({
          ...messageFields,
          To_Account: z.array(userIdSchema).min(1).max(MAX_BATCH_RECIPIENTS),
        }),
        run: async ({ input, ...call }) => {
          const recipients = [...new Set(input.To_Account)];
          const errors: { To_Account: string; ErrorCode: number }[] = [];
          let msgKey = '';
          for (let start = 0; start < recipients.length; start += BATCH_CONCURRENCY) {
            const slice = recipients.slice(start, start + BATCH_CONCURRENCY);
            const outcomes = await Promise.allSettled(slice.map((to) => send(call, input, to, false)));
            outcomes.forEach((outcome, index) => {
              const to = slice[index] as string;
              if (outcome.status === 'fulfilled') msgKey ||= outcome.value.msgKey;
              else errors.push({ To_Account: to, ErrorCode: batchErrorCode(outcome.reason) });
            });
          }
          return { MsgKey: msgKey, ErrorList: errors };
        },
      }),

      admin_msgwithdraw: restCommand({
        input: z.object({
          From_Account: userIdSchema,
          To_Account: userIdSchema,
          MsgKey: z.string().min(1).max(64),
        }),
        run: async ({ app, admin, input }) => {
          await deps.adminMessaging.adminRecall(app, admin, {
            from: input.From_Account,
            to: input.To_Account,
            msgKey: input.MsgKey,
          });
          return {};
        },
      }),

      admin_getroammsg: restCommand({
        input: z.object({
          Operator_Account: userIdSchema,
          Peer_Account: userIdSchema,
          MaxCnt: z.number().int().min(1).max(100),
          MinTime: uint32,
          MaxTime: uint32,
          LastMsgKey: z.string().min(1).max(64).optional(),
        }),
        run: async ({ app, input }) => {
          if (input.MinTime > input.MaxTime) {
            throw new RestFailure('BAD_FIELD', 'MinTime must not be after MaxTime.');
          }
          const beforeSeq = input.LastMsgKey === undefined ? undefined : seqOfMsgKey(input.LastMsgKey);
          const page = await deps.adminMessaging.adminHistory(
            app,
            input.Operator_Account,
            input.Peer_Account,
            {
              ...(beforeSeq === undefined ? {} : { beforeSeq }),
              limit: input.MaxCnt,
              minTime: input.MinTime * 1000,
              maxTime: input.MaxTime * 1000 + 999,
            },
          );
          const last = page.messages.at(-1);
          return {
            Complete: page.complete ? 1 : 0,
            MsgCnt: page.messages.length,
            LastMsgTime: last ? Math.floor(last.time / 1000) : 0,
            LastMsgKey: last?.msgKey ?? '',
            MsgList: page.messages.map(toRoamMessage),
          };
        },
      }),

      importmsg: restCommand({
        input: z.object({
          SyncFromOldSystem: z.union([z.literal(1), z.literal(2), z.literal(5)]),
          From_Account: userIdSchema,
          To_Account: userIdSchema,
          MsgSeq: uint32.optional(),
          MsgRandom: uint32,
          MsgTimeStamp: uint32,
          MsgBody: messageBodySchema,
          CloudCustomData: z
            .string()
            .max(12 * 1024)
            .optional(),
        }),
        run: async ({ app, input }) => {
          await deps.adminMessaging.importMessage(app, {
            from: input.From_Account,
            to: input.To_Account,
            random: input.MsgRandom,
            time: input.MsgTimeStamp * 1000,
            body: input.MsgBody,
            ...(input.CloudCustomData === undefined ? {} : { cloudCustomData: input.CloudCustomData }),
          });
          return {};
        },
      }),

      admin_set_msg_read: restCommand({
        input: z.object({
          Report_Account: userIdSchema,
          Peer_Account: userIdSchema,
          MsgReadTime: uint32.optional(),
        }),
        run: async ({ app, input }) => {
          await assertAccounts(app, [input.Report_Account, input.Peer_Account]);
          await deps.adminMessaging.adminMarkRead(
            app,
            input.Report_Account,
            input.Peer_Account,
            input.MsgReadTime === undefined ? undefined : input.MsgReadTime * 1000 + 999,
          );
          return {};
        },
      }),

      get_c2c_unread_msg_num: restCommand({
        input: z.object({
          To_Account: userIdSchema,
          Peer_Account: z.array(userIdSchema).min(1).max(MAX_UNREAD_PEERS).optional(),
        }),
        run: async ({ app, input }) => {
          await assertAccounts(app, [input.To_Account]);
          if (input.Peer_Account === undefined) {
            const { total } = await deps.adminMessaging.unreadCounts(app, input.To_Account);
            return { AllC2CUnreadMsgNum: total };
          }
          const peers = [...new Set(input.Peer_Account)];
          const existing = await deps.accounts.existing(app.sdkAppId, peers);
          const known = peers.filter((peer) => existing.has(peer));
          const { perPeer } = await deps.adminMessaging.unreadCounts(app, input.To_Account, known);
          return {
            C2CUnreadMsgNumList: perPeer.map(({ peer, unread }) => ({
              Peer_Account: peer,
              C2CUnreadMsgNum: unread,
            })),
            ...(known.length < peers.length
              ? {
                  ErrorList: peers
                    .filter((peer) => !existing.has(peer))
                    .map((peer) => ({
                      Peer_Account: peer,
                      ErrorCode: restFailures.ACCOUNT_NOT_IMPORTED.code,
                    })),
                }
              : {}),
          };
        },
      }),

      query_online_status: statusQuery,
      querystate: statusQuery,
    },
  };
}

function seqOfMsgKey(msgKey: string): number {
  const seq = Number(msgKey.split('_')[0]);
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RestFailure('BAD_FIELD', 'LastMsgKey is not a MsgKey.');
  return seq;
}

function toRoamMessage(message: StoredMessage) {
  return {
    From_Account: message.from,
    To_Account: message.to,
    MsgSeq: message.seq,
    MsgRandom: message.random,
    MsgTimeStamp: Math.floor(message.time / 1000),
    // Tencent: 0 normal, 8 recalled (the body is then empty).
    MsgFlagBits: message.recalledAt === undefined ? 0 : 8,
    MsgKey: message.msgKey,
    MsgBody: message.recalledAt === undefined ? message.body : [],
    ...(message.cloudCustomData === undefined || message.recalledAt !== undefined
      ? {}
      : { CloudCustomData: message.cloudCustomData }),
  };
}

/** A failed recipient of batchsendmsg: 70107 for an account that does not exist (Tencent's example). */
function batchErrorCode(error: unknown): number {
  if (error instanceof ParleyError && error.errorName === 'ACCOUNT_NOT_FOUND') {
    return restFailures.ACCOUNT_NOT_IMPORTED.code;
  }
  return restCodeOf(error);
}

const platformNames: Record<string, string> = {
  ios: 'IPhone',
  android: 'Android',
  ipad: 'IPad',
  windows: 'Windows',
  mac: 'Mac',
  linux: 'Linux',
  web: 'Web',
};

function tencentPlatform(platform: string): string {
  return platformNames[platform] ?? platform;
}
