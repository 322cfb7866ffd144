import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clientFactory,
  nextEvent,
  range,
  record,
  seqsByConversation,
  text,
  textOf,
  until,
} from './client-test-tools.ts';
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

const BOB = 'c2c:alice:bob';

describe('gaps and tombstones', () => {
  it('syncs a gap in the pushes before delivering what follows it', async () => {
    const alice = clients.make('alice');
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const messages = record(alice, 'message');
    gateway.skipPush(BOB, 3);
    gateway.skipPush(BOB, 4);

    for (let i = 1; i <= 6; i++) await bob.send('alice', text(`b${i}`));
    await until(alice, ['message'], () => messages.length >= 6);
    await alice.request('ping', {});

    expect(seqsByConversation(messages)).toEqual({ [BOB]: range(1, 6) });
    expect(messages.map(textOf)).toEqual(range(1, 6).map((i) => `b${i}`));
    const syncs = gateway.requests.filter((r) => r.userId === 'alice' && r.op === 'sync');
    expect(syncs[0]?.data).toMatchObject({ conversationId: BOB, afterSeq: 2 });
  });

  it('delivers a message recalled while the app was away as a tombstone, once', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const messages = record(alice, 'message');
    const recalled = record(alice, 'recalled');
    gateway.store('bob', 'alice', 'kept');
    await until(alice, ['message'], () => messages.length === 1);

    gateway.block('alice');
    const reconnecting = nextEvent(alice, 'reconnecting');
    gateway.drop('alice');
    await reconnecting;
    gateway.store('bob', 'alice', 'regretted');
    gateway.store('bob', 'alice', 'after');
    gateway.recall(BOB, 2);
    gateway.unblock('alice');
    await until(alice, ['message'], () => messages.length >= 3);
    await alice.request('ping', {});

    expect(messages.map((m) => [m.seq, m.recalled === true, textOf(m)])).toEqual([
      [1, false, 'kept'],
      [2, true, undefined],
      [3, false, 'after'],
    ]);
    expect(recalled).toEqual([]);
  });

  it('starts from lastSeenSeqs, so a restarted app gets only what it has not stored', async () => {
    for (let i = 1; i <= 5; i++) gateway.store('bob', 'alice', `b${i}`);
    const alice = clients.make('alice', { lastSeenSeqs: { [BOB]: 3 } });
    const messages = record(alice, 'message');
    await alice.connect();
    await until(alice, ['message'], () => messages.length >= 2);
    await alice.request('ping', {});

    expect(messages.map(textOf)).toEqual(['b4', 'b5']);
  });
});
