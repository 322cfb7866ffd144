import type { CallbackQueue, DeadLetter } from '@parley/callbacks';
import { ParleyError } from '@parley/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appErrors, sdkAppIdParams, securityBoth } from '../schemas/common.ts';

const deadLetterParams = sdkAppIdParams.extend({ id: z.coerce.number().int().positive() });

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
export function deadLetterRoutes(queue: CallbackQueue): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/apps/:sdkAppId/callbacks/dead-letters',
      {
        schema: {
          tags: ['callbacks'],
          summary: 'List callback dead letters',
          description: 'After-events given up after `callbacks.retry.maxAttempts` attempts, newest first.',
          security: securityBoth,
          params: sdkAppIdParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(50),
            beforeId: z.coerce.number().int().positive().optional(),
          }),
          response: {
            200: z.object({
              deadLetters: z.array(deadLetterView),
              nextBeforeId: z.number().int().nullable(),
            }),
            ...appErrors,
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
        schema: {
          tags: ['callbacks'],
          summary: 'Replay a callback dead letter',
          description: 'Queues the event again, due now, with its attempt count reset.',
          security: securityBoth,
          params: deadLetterParams,
          response: { 200: z.object({ id: z.number().int(), replayed: z.literal(true) }), ...appErrors },
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
}

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
