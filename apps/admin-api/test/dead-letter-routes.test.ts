import type { CallbackQueue } from '@parley/callbacks';
import { errorCatalogue } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';

let api: AdminApiFixture;
let queue: CallbackQueue;
let app: CreatedApp;

beforeEach(async () => {
  api = await startAdminApi();
  queue = api.callbackQueue;
  app = await api.createApp({ details: { name: 'Dead letters' } });
});
afterEach(async () => {
  await api.close();
});

async function deadLetters(n: number, sdkAppId = app.sdkAppId): Promise<number[]> {
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
    const response = await api.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/callbacks/dead-letters`,
    });

    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe(errorCatalogue.UNAUTHENTICATED.code);
  });

  it('list an app’s dead letters, newest first, by page, to the operator and the app’s admin', async () => {
    const ids = await deadLetters(3);
    type Page = { deadLetters: { id: number }[]; nextBeforeId: number | null };

    const first = await api.inject<Page>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/callbacks/dead-letters?limit=2`,
      auth: api.operator,
    });

    expect(first.status).toBe(200);
    expect(first.json.deadLetters.map((letter) => letter.id)).toEqual([ids[2], ids[1]]);
    expect(first.json.deadLetters[0]).toEqual({
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
    const second = await api.inject<Page>({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/callbacks/dead-letters?limit=2&beforeId=${first.json.nextBeforeId}`,
      auth: api.appAdmin(app),
    });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ deadLetters: [{ id: ids[0] }], nextBeforeId: null });
  });

  it('replay a dead letter once, then answer 404', async () => {
    const [id] = await deadLetters(1);
    const url = `/v1/apps/${app.sdkAppId}/callbacks/dead-letters/${id}/replay`;

    const replayed = await api.inject({ method: 'POST', url, auth: api.operator });
    const again = await api.inject({ method: 'POST', url, auth: api.operator });

    expect(replayed.status).toBe(200);
    expect(replayed.json).toEqual({ id, replayed: true });
    expect(await queue.count(app.sdkAppId)).toEqual({ pending: 1, dead: 0 });
    expect(again.status).toBe(404);
    expect(again.json.error.name).toBe('NOT_FOUND');
  });

  it('do not replay another app’s dead letter', async () => {
    const [id] = await deadLetters(1);
    const other = await api.createApp({ details: { name: 'Other' } });

    const response = await api.inject({
      method: 'POST',
      url: `/v1/apps/${other.sdkAppId}/callbacks/dead-letters/${id}/replay`,
      auth: api.appAdmin(other),
    });

    expect(response.status).toBe(404);
    expect(await queue.count(app.sdkAppId)).toEqual({ pending: 0, dead: 1 });
  });

  it('reject a malformed id or limit', async () => {
    const badId = await api.inject({
      method: 'POST',
      url: `/v1/apps/${app.sdkAppId}/callbacks/dead-letters/abc/replay`,
      auth: api.operator,
    });
    const badLimit = await api.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}/callbacks/dead-letters?limit=1000`,
      auth: api.operator,
    });

    expect(badId.status).toBe(400);
    expect(badLimit.status).toBe(400);
  });
});
