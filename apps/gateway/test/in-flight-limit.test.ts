import { sendText, textOf } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway({ gatewayOptions: { maxOpsInFlight: 4, maxSendsQueued: 6 } });
});
afterAll(() => server.close());

describe('bounded work per connection', () => {
  it('answers TOO_MANY_IN_FLIGHT past maxOpsInFlight unanswered requests, and serves again once replies went out', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    // Ten syncs sent in one go: the first four are accepted, the rest refused at once, not queued.
    const replies = await Promise.allSettled(
      Array.from({ length: 10 }, () => alice.ok('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0 })),
    );
    const refused = replies.filter((reply) => reply.status === 'rejected');
    expect(replies.filter((reply) => reply.status === 'fulfilled')).toHaveLength(4);
    expect(refused).toHaveLength(6);
    for (const reply of refused) {
      expect((reply as PromiseRejectedResult).reason).toMatchObject({
        error: { code: 91033, name: 'TOO_MANY_IN_FLIGHT' },
      });
    }
    // Refusals are not protocol errors: the socket stays, and the next request is served.
    expect(alice.isOpen).toBe(true);
    const page = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(page.messages.map(textOf)).toEqual([]);
  });

  it('queues at most maxSendsQueued pipelined sends; those accepted keep their order, the rest are refused', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    await app.login('bob');
    const replies = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => sendText(alice, 'bob', `m${i}`)),
    );
    const accepted = replies.flatMap((reply) => (reply.status === 'fulfilled' ? [reply.value.seq] : []));
    expect(accepted).toEqual([1, 2, 3, 4, 5, 6]);
    const history = await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    expect(history.messages.map(textOf).reverse()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('past plan.maxReadsPerUserPerSecond, sync, history and conversations answer READ_RATE_LIMITED', async () => {
    const app = await server.newApp({ plan: { maxReadsPerUserPerSecond: 2 } });
    const alice = await app.login('alice');
    await app.login('bob');
    await alice.ok('conversations', {});
    await alice.ok('history', { conversationId: 'c2c:alice:bob' });
    const refused = await alice.fail('sync', { conversationId: 'c2c:alice:bob', afterSeq: 0 });
    expect(refused).toMatchObject({ code: 91034, name: 'READ_RATE_LIMITED' });
    expect(alice.isOpen).toBe(true);
  });
});
