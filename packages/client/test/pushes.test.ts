import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFactory, nextEvent, record, text, textOf, until } from './client-test-tools.ts';
import { type FakeGateway, startFakeGateway } from './fake-gateway.ts';

let gateway: FakeGateway;
const clients = clientFactory(() => gateway);
beforeEach(async () => {
  gateway = await startFakeGateway();
});
afterEach(async () => {
  await clients.closeAll();
  await gateway.close();
});

describe('pushes', () => {
  it('emits each push as its typed event', async () => {
    const alice = clients.make('alice');
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const messages = record(alice, 'message');
    const reads = record(alice, 'read');
    const requests = record(alice, 'friendRequest');
    const added = record(alice, 'friendAdded');
    const deleted = record(alice, 'friendDeleted');

    await bob.send('alice', text('hello'), { cloudCustomData: '{"k":1}' });
    gateway.push('alice', 'read', { conversationId: 'c2c:alice:bob', by: 'bob', readSeq: 1 });
    gateway.push('alice', 'friendRequest', { from: 'carol', wording: 'hi' });
    gateway.push('alice', 'friendAdded', { userId: 'carol' });
    gateway.push('alice', 'friendDeleted', { userId: 'dave' });
    await until(alice, ['friendDeleted'], () => deleted.length === 1);

    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      conversationId: 'c2c:alice:bob',
      seq: 1,
      from: 'bob',
      cloudCustomData: '{"k":1}',
    });
    expect(messages.map(textOf)).toEqual(['hello']);
    expect(reads).toEqual([{ conversationId: 'c2c:alice:bob', by: 'bob', readSeq: 1 }]);
    expect(requests).toEqual([{ from: 'carol', wording: 'hi' }]);
    expect(added).toEqual([{ userId: 'carol' }]);
    expect(deleted).toEqual([{ userId: 'dave' }]);
  });

  it('emits recalled for a message the app has seen', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const messages = record(alice, 'message');
    gateway.store('bob', 'alice', 'oops');
    await until(alice, ['message'], () => messages.length === 1);

    const recalled = nextEvent(alice, 'recalled');
    gateway.recall('c2c:alice:bob', 1);

    expect(await recalled).toEqual({ conversationId: 'c2c:alice:bob', seq: 1, by: 'bob' });
    expect(messages).toHaveLength(1);
  });

  it('on kicked, reports the push and the close, and does not reconnect', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const kicked = record(alice, 'kicked');
    const reconnecting = record(alice, 'reconnecting');
    const disconnected = nextEvent(alice, 'disconnected');

    gateway.kick('alice');

    expect(await disconnected).toEqual({ code: 4002, reason: 'kicked by a newer login' });
    expect(kicked).toEqual([{ reason: 'multi-login', byPlatform: 'ios' }]);
    expect(alice.state).toBe('closed');
    expect(reconnecting).toEqual([]);
    await expect(alice.request('ping', {})).rejects.toMatchObject({ name: 'CLIENT_CLOSED' });
  });
});
