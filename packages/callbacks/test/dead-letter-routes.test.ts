import { ParleyError, errorCatalogue } from '@parley/protocol';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackQueue, createSqliteCallbackQueue, deadLetterRoutes } from '../src/index.ts';
import { nextSdkAppId } from './helpers/test-app.ts';

let db: Database.Database;
let queue: CallbackQueue;
let api: FastifyInstance;
let sdkAppId: number;
const auth = { authorization: 'Bearer operator' };

beforeEach(async () => {
  db = new Database(':memory:');
  queue = createSqliteCallbackQueue({ db });
  sdkAppId = nextSdkAppId();
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // What the admin API's error handler does: every error leaves as the catalogue's body.
  app.setErrorHandler((raw, _request, reply) => {
    const error =
      raw instanceof ParleyError
        ? raw
        : new ParleyError((raw as { validation?: unknown }).validation ? 'INVALID_REQUEST' : 'INTERNAL');
    reply.status(error.http).send({ error: error.toWire() });
  });
  await app.register(deadLetterRoutes, {
    queue,
    authenticate: async (request) => {
      if (request.headers.authorization !== auth.authorization) throw new ParleyError('UNAUTHENTICATED');
    },
  });
  await app.ready();
  api = app as unknown as FastifyInstance;
});
afterEach(async () => {
  await api.close();
  db.close();
});

async function deadLetters(n: number): Promise<number[]> {
  for (let i = 0; i < n; i++) {
    await queue.enqueue({
      sdkAppId,
      command: 'Sns.CallbackFriendAdd',
      clientIp: '203.0.113.4',
      optPlatform: 'iOS',
      body: { CallbackCommand: 'Sns.CallbackFriendAdd', EventTime: i },
      createdAt: 1_700_000_000_000 + i,
    });
  }
  const ids: number[] = [];
  for (const claimed of await queue.claimDue(Date.now(), n, 30_000)) {
    await queue.deadLetter(claimed, 3, 'failed: HTTP 500', 1_700_000_100_000);
    ids.push(claimed.id);
  }
  return ids;
}

describe('dead-letter routes', () => {
  it('require authentication', async () => {
    const response = await api.inject({ method: 'GET', url: `/v1/apps/${sdkAppId}/callbacks/dead-letters` });

    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe(errorCatalogue.UNAUTHENTICATED.code);
  });

  it('list an app’s dead letters, newest first, by page', async () => {
    const ids = await deadLetters(3);

    const first = await api.inject({
      method: 'GET',
      url: `/v1/apps/${sdkAppId}/callbacks/dead-letters?limit=2`,
      headers: auth,
    });

    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.deadLetters.map((letter: { id: number }) => letter.id)).toEqual([ids[2], ids[1]]);
    expect(page.deadLetters[0]).toEqual({
      id: ids[2],
      command: 'Sns.CallbackFriendAdd',
      clientIp: '203.0.113.4',
      optPlatform: 'iOS',
      attempts: 3,
      lastError: 'failed: HTTP 500',
      createdAt: new Date(1_700_000_000_002).toISOString(),
      deadAt: new Date(1_700_000_100_000).toISOString(),
      body: { CallbackCommand: 'Sns.CallbackFriendAdd', EventTime: 2 },
    });
    const second = await api.inject({
      method: 'GET',
      url: `/v1/apps/${sdkAppId}/callbacks/dead-letters?limit=2&beforeId=${page.nextBeforeId}`,
      headers: auth,
    });
    expect(second.json()).toMatchObject({ deadLetters: [{ id: ids[0] }], nextBeforeId: null });
  });

  it('replay a dead letter once, then answer 404', async () => {
    const [id] = await deadLetters(1);
    const url = `/v1/apps/${sdkAppId}/callbacks/dead-letters/${id}/replay`;

    const replayed = await api.inject({ method: 'POST', url, headers: auth });
    const again = await api.inject({ method: 'POST', url, headers: auth });

    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ id, replayed: true });
    expect(await queue.count(sdkAppId)).toEqual({ pending: 1, dead: 0 });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.name).toBe('NOT_FOUND');
  });

  it('do not replay another app’s dead letter', async () => {
    const [id] = await deadLetters(1);

    const response = await api.inject({
      method: 'POST',
      url: `/v1/apps/${nextSdkAppId()}/callbacks/dead-letters/${id}/replay`,
      headers: auth,
    });

    expect(response.statusCode).toBe(404);
    expect(await queue.count(sdkAppId)).toEqual({ pending: 0, dead: 1 });
  });

  it('reject a malformed id or limit', async () => {
    const badId = await api.inject({
      method: 'POST',
      url: `/v1/apps/${sdkAppId}/callbacks/dead-letters/abc/replay`,
      headers: auth,
    });
    const badLimit = await api.inject({
      method: 'GET',
      url: `/v1/apps/${sdkAppId}/callbacks/dead-letters?limit=1000`,
      headers: auth,
    });

    expect(badId.statusCode).toBe(400);
    expect(badLimit.statusCode).toBe(400);
  });
});
