import { ParleyError, errorCatalogue, sdkAppIdSchema } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CallbackQueue, DeadLetter } from '../queue/callback-queue.ts';

export interface DeadLetterRoutesOptions {
  queue: CallbackQueue;
  /** The admin API's app-scoped check (operator, or an administrator of the app in the path). */
  authenticate: (request: FastifyRequest) => Promise<void>;
}

const errorNames = Object.keys(errorCatalogue) as [
  keyof typeof errorCatalogue,
  ...(keyof typeof errorCatalogue)[],
];
const errorBody = z.object({
  error: z.object({
    code: z.number().int(),
    name: z.enum(errorNames),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 410: errorBody } as const;
const security: { [label: string]: string[] }[] = [{ operatorToken: [] }, { appAdminUserSig: [] }];

const appParams = z.object({ sdkAppId: z.coerce.number().pipe(sdkAppIdSchema) });
const deadLetterParams = appParams.extend({ id: z.coerce.number().int().positive() });

const deadLetterView = z.object({
  id: z.number().int(),
  command: z.string(),
  clientIp: z.string(),
  optPlatform: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
  createdAt: z.string().meta({ description: 'When the event happened (ISO 8601).' }),
  deadAt: z.string().meta({ description: 'When delivery was given up (ISO 8601).' }),
  body: z.record(z.string(), z.unknown()).meta({ description: 'The request body that was not delivered.' }),
});

/** An app's undelivered after-events: list them, and send one again. */
export const deadLetterRoutes: FastifyPluginAsyncZod<DeadLetterRoutesOptions> = async (app, options) => {
  const { queue, authenticate } = options;

  app.get(
    '/v1/apps/:sdkAppId/callbacks/dead-letters',
    {
      onRequest: authenticate,
      schema: {
        tags: ['callbacks'],
        summary: 'List callback dead letters',
        description: 'After-events given up after `callbacks.retry.maxAttempts` attempts, newest first.',
        security,
        params: appParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          beforeId: z.coerce.number().int().positive().optional(),
        }),
        response: {
          200: z.object({ deadLetters: z.array(deadLetterView), nextBeforeId: z.number().int().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { limit, beforeId } = request.query;
      const letters = await queue.listDeadLetters(request.params.sdkAppId, {
        limit,
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      const last = letters.at(-1);
      return {
        deadLetters: letters.map(toView),
        nextBeforeId: letters.length === limit && last ? last.id : null,
      };
    },
  );

  app.post(
    '/v1/apps/:sdkAppId/callbacks/dead-letters/:id/replay',
    {
      onRequest: authenticate,
      schema: {
        tags: ['callbacks'],
        summary: 'Replay a callback dead letter',
        description: 'Queues the event again, due now, with its attempt count reset.',
        security,
        params: deadLetterParams,
        response: { 200: z.object({ id: z.number().int(), replayed: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const { sdkAppId, id } = request.params;
      if (!(await queue.replay(sdkAppId, id, Date.now()))) {
        throw new ParleyError('NOT_FOUND', { detail: `No dead letter ${id} in app ${sdkAppId}.` });
      }
      return { id, replayed: true as const };
    },
  );
};

function toView(letter: DeadLetter) {
  return {
    id: letter.id,
    command: letter.command,
    clientIp: letter.clientIp,
    optPlatform: letter.optPlatform,
    attempts: letter.attempts,
    lastError: letter.lastError,
    createdAt: new Date(letter.createdAt).toISOString(),
    deadAt: new Date(letter.deadAt).toISOString(),
    body: letter.body as Record<string, unknown>,
  };
}
