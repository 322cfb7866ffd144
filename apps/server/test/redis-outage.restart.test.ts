import { c2cConversationId, closeCodes, errorCatalogue } from '@parley/protocol';
import type { TestParley } from '@parley/testing';
import {
  eventually,
  FAIL_BOUND_MS,
  nextRandom,
  readiness,
  sendWhenBack,
  service,
  sleep,
  syncAll,
  TestSocket,
  text,
} from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatApp, type LoggedIn } from './support/chat-app.ts';
import { createFreshBackends, type FreshBackends, realServiceUrls } from './support/fresh-backends.ts';
import { type Acknowledged, expectCompleteHistory } from './support/history-check.ts';
import { startNode } from './support/start-node.ts';

const urls = realServiceUrls();
const STORAGE_UNAVAILABLE = errorCatalogue.STORAGE_UNAVAILABLE.code;

// Stops the shared Redis: vitest runs *.restart.test.ts files alone, one at a time, after everything else.
describe.skipIf(!urls)('two Parley nodes through a Redis outage (Redis restarts empty)', () => {
  let backends: FreshBackends | undefined;
  let nodeA: TestParley;
  let nodeB: TestParley;
  const nodes: TestParley[] = [];
  const sessions: LoggedIn[] = [];

  beforeAll(async () => {
    if (!urls) return;
    backends = await createFreshBackends(urls);
    const runId = backends.mysqlDatabase.slice(-12);
    // A short registry heartbeat, so a node notices quickly that Redis forgot it.
    const options = { gatewayOptions: { registryHeartbeatMs: 500 } };
    nodeA = await startNode(backends, { PARLEY_NODE_ID: `redis-a-${runId}` }, options);
    nodes.push(nodeA);
    nodeB = await startNode(
      backends,
      { PARLEY_ROLE: 'gateway', PARLEY_NODE_ID: `redis-b-${runId}` },
      options,
    );
    nodes.push(nodeB);
  });

  afterAll(async () => {
    for (const session of sessions) session.socket.close();
    for (const node of nodes.reverse()) await node.close();
    await backends?.drop();
  });

  it('fail clearly while Redis is down; the same nodes recover, and sessions from before get pushes again', {
    timeout: 240_000,
  }, async () => {
    const created = await nodeA.createApp();
    const app = chatApp(created.sdkAppId, created.secretKey);
    const alice = await app.login(nodeA.wsUrl, 'alice');
    const bob = await app.login(nodeB.wsUrl, 'bob');
    sessions.push(alice, bob);
    const conversationId = c2cConversationId('alice', 'bob');

    const acknowledged: Acknowledged[] = [];
    const send = async (random = nextRandom()) => {
      const result = await alice.socket.ok('send', { to: 'bob', random, body: text(`r${random}`) });
      acknowledged.push({ random, result });
      return result;
    };
    for (let i = 0; i < 3; i += 1) {
      const sent = await send();
      await bob.socket.nextPush('message', (m) => m.seq === sent.seq);
    }

    const failedRandom = nextRandom();
    await service('redis', 'stop');
    try {
      const sendError = await alice.socket.fail(
        'send',
        { to: 'bob', random: failedRandom, body: text(`r${failedRandom}`) },
        FAIL_BOUND_MS,
      );
      expect(sendError.code).toBe(STORAGE_UNAVAILABLE);

      // A new login cannot be registered: the error reply, then a close with 1013.
      const carol = await TestSocket.open(nodeB.wsUrl);
      const loginData = { sdkAppId: app.sdkAppId, userId: 'carol', userSig: app.sig('carol') };
      const loginError = await carol.fail('login', { ...loginData, platform: 'web' }, FAIL_BOUND_MS);
      expect(loginError.code).toBe(STORAGE_UNAVAILABLE);
      expect((await carol.waitClosed(FAIL_BOUND_MS)).code).toBe(closeCodes.TRY_AGAIN_LATER.code);

      expect(await readiness(nodeA.adminUrl)).toMatchObject({ status: 503, checks: { redis: 'failed' } });
      // Sessions already logged in stay connected through the outage.
      expect([alice.socket.isOpen, bob.socket.isOpen]).toEqual([true, true]);
    } finally {
      await service('redis', 'start');
    }

    // The same instances work again: the send that failed goes through with its random, once.
    const resent = await sendWhenBack(alice.socket, 'bob', failedRandom);
    acknowledged.push({ random: failedRandom, result: resent });
    expect(await readiness(nodeA.adminUrl)).toMatchObject({ status: 200 });

    // Redis came back empty: bob's node must register his session again (its heartbeat sees it was
    // forgotten) before a push from node A can find him.
    await eventually('a push to bob, logged in on node B before the outage', 15_000, async () => {
      const sent = await send();
      return bob.socket.nextPush('message', (m) => m.seq === sent.seq, 1_000).catch(() => undefined);
    });

    // Logins work again, and a new session on node B reaches alice (on node A, logged in before).
    const carol = await app.login(nodeB.wsUrl, 'carol');
    sessions.push(carol);
    const fromCarol = await carol.socket.ok('send', {
      to: 'alice',
      random: nextRandom(),
      body: text('hi'),
    });
    await alice.socket.nextPush('message', (m) => m.msgKey === fromCarol.msgKey);

    // A resend of a message acknowledged before the outage (its dedup entry died with Redis) is not
    // stored twice.
    const [first] = acknowledged;
    if (!first) throw new Error('nothing was acknowledged before the outage');
    const replayed = await alice.socket.ok('send', {
      to: 'bob',
      random: first.random,
      body: text(`r${first.random}`),
    });
    expect(replayed).toMatchObject({ seq: first.result.seq, msgKey: first.result.msgKey });

    const history = await syncAll(bob.socket, conversationId);
    expectCompleteHistory(history, acknowledged);
    expect(history).toHaveLength(acknowledged.length);
  });

  it('a config PATCH acknowledged during the outage reaches the other node once Redis is back', {
    timeout: 240_000,
  }, async () => {
    const created = await nodeA.createApp();
    const app = chatApp(created.sdkAppId, created.secretKey);
    const alice = await app.login(nodeA.wsUrl, 'alice');
    const bob = await app.login(nodeB.wsUrl, 'bob');
    sessions.push(alice, bob);
    await bob.socket.ok('send', { to: 'alice', random: nextRandom(), body: text('before') });

    let patch: { status: number; body: unknown };
    await service('redis', 'stop');
    try {
      // The admin node stores the change in MySQL; telling the gateways goes through Redis.
      patch = await nodeA.admin('PATCH', `/v1/apps/${app.sdkAppId}/config`, {
        messaging: { friendshipCheck: true },
      });
      // An outage longer than the Redis clients' command timeout (3 s): whatever the node queued meanwhile
      // has failed by the time Redis is back.
      await sleep(4_000);
    } finally {
      await service('redis', 'start');
    }

    if (patch.status === 200) {
      // Acknowledged: node B (which cached the app before) must apply it, without bob reconnecting.
      await eventually(
        'node B applying the friendship check acknowledged during the outage',
        20_000,
        async () => {
          const reply = await bob.socket.request('send', {
            to: 'alice',
            random: nextRandom(),
            body: text('x'),
          });
          return !reply.ok && reply.error.code === errorCatalogue.NOT_FRIENDS.code ? true : undefined;
        },
      );
    } else {
      // Refused: then it must not have been stored either.
      expect(patch).toMatchObject({ status: 503, body: { error: { code: STORAGE_UNAVAILABLE } } });
      const stored = await nodeA.admin('GET', `/v1/apps/${app.sdkAppId}/config`);
      expect(stored.body).toMatchObject({ config: { messaging: { friendshipCheck: false } } });
    }
  });
});
