import { c2cConversationId, closeCodes, errorCatalogue } from '@parley/protocol';
import type { TestParley } from '@parley/testing';
import {
  FAIL_BOUND_MS,
  nextRandom,
  readiness,
  sendWhenBack,
  service,
  syncAll,
  TestSocket,
  text,
} from '@parley/testing/kit';
import { describe, expect, it } from 'vitest';
import { chatApp, type LoggedIn } from './support/chat-app.ts';
import { createFreshBackends, realServiceUrls } from './support/fresh-backends.ts';
import { type Acknowledged, expectCompleteHistory } from './support/history-check.ts';
import { startNode } from './support/start-node.ts';

const urls = realServiceUrls();
const STORAGE_UNAVAILABLE = errorCatalogue.STORAGE_UNAVAILABLE.code;

// Stops the shared FerretDB (MongoDB): vitest runs *.restart.test.ts files alone, one at a time, last.
describe.skipIf(!urls)('Parley through a FerretDB (MongoDB) outage', () => {
  it('fails clearly while the message store is down and recovers without a restart, losing nothing acknowledged', {
    timeout: 300_000,
  }, async () => {
    if (!urls) return;
    const backends = await createFreshBackends(urls);
    const runId = backends.mysqlDatabase.slice(-12);
    let parley: TestParley | undefined;
    const sessions: LoggedIn[] = [];
    try {
      parley = await startNode(backends, { PARLEY_NODE_ID: `ferretdb-${runId}` });
      const created = await parley.createApp();
      const app = chatApp(created.sdkAppId, created.secretKey);
      const alice = await app.login(parley.wsUrl, 'alice');
      const bob = await app.login(parley.wsUrl, 'bob');
      sessions.push(alice, bob);
      const conversationId = c2cConversationId('alice', 'bob');

      const acknowledged: Acknowledged[] = [];
      for (let i = 0; i < 3; i += 1) {
        const random = nextRandom();
        const result = await alice.socket.ok('send', { to: 'bob', random, body: text(`r${random}`) });
        acknowledged.push({ random, result });
      }

      const failedRandom = nextRandom();
      await service('ferretdb', 'stop');
      try {
        const sendError = await alice.socket.fail(
          'send',
          { to: 'bob', random: failedRandom, body: text(`r${failedRandom}`) },
          FAIL_BOUND_MS,
        );
        expect(sendError.code).toBe(STORAGE_UNAVAILABLE);
        const syncError = await bob.socket.fail(
          'sync',
          { conversationId, afterSeq: 0, limit: 100 },
          FAIL_BOUND_MS,
        );
        expect(syncError.code).toBe(STORAGE_UNAVAILABLE);

        // A login lists the user's conversations from the message store: the error reply, then a close
        // with 1013, as for any other backend; a socket whose login failed must not stay logged in.
        const carol = await TestSocket.open(parley.wsUrl);
        const loginData = { sdkAppId: app.sdkAppId, userId: 'carol', userSig: app.sig('carol') };
        const loginError = await carol.fail('login', { ...loginData, platform: 'web' }, FAIL_BOUND_MS);
        expect(loginError.code).toBe(STORAGE_UNAVAILABLE);
        expect((await carol.waitClosed(FAIL_BOUND_MS)).code).toBe(closeCodes.TRY_AGAIN_LATER.code);

        expect(await readiness(parley.adminUrl)).toMatchObject({ status: 503, checks: { mongo: 'failed' } });
        expect([alice.socket.isOpen, bob.socket.isOpen]).toEqual([true, true]);
      } finally {
        await service('ferretdb', 'start');
      }

      // The same instance recovers: the failed send goes through with its random, and only once.
      const resent = await sendWhenBack(alice.socket, 'bob', failedRandom);
      acknowledged.push({ random: failedRandom, result: resent });
      await bob.socket.nextPush('message', (m) => m.seq === resent.seq);
      expect(await readiness(parley.adminUrl)).toMatchObject({ status: 200 });

      const carol = await app.login(parley.wsUrl, 'carol');
      sessions.push(carol);
      const fromCarol = await carol.socket.ok('send', { to: 'bob', random: nextRandom(), body: text('hi') });
      await bob.socket.nextPush('message', (m) => m.msgKey === fromCarol.msgKey);

      const history = await syncAll(bob.socket, conversationId);
      expectCompleteHistory(history, acknowledged);
      expect(history).toHaveLength(acknowledged.length);
    } finally {
      for (const session of sessions) session.socket.close();
      await parley?.close();
      await backends.drop();
    }
  });
});
