import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFactory, record, text, until } from './client-test-tools.ts';
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

describe('send()', () => {
  it('resends with the same random after a drop and gets the original seq, storing the message once', async () => {
    const alice = clients.make('alice');
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const aliceMessages = record(alice, 'message');
    const bobMessages = record(bob, 'message');
    await bob.send('alice', text('first'));
    await until(alice, ['message'], () => aliceMessages.length === 1);
    gateway.dropAfterNextStore('alice');

    const result = await alice.send('bob', text('lost reply'));

    expect(result).toMatchObject({ conversationId: BOB, seq: 2 });
    expect(gateway.messages(BOB).map((m) => m.seq)).toEqual([1, 2]);
    const sends = gateway.requests.filter((r) => r.userId === 'alice' && r.op === 'send');
    expect(sends).toHaveLength(2);
    expect(sends[1]?.data.random).toBe(sends[0]?.data.random);
    await until(bob, ['message'], () => bobMessages.length >= 1);
    expect(bobMessages.map((m) => m.seq)).toEqual([2]);
    // Alice's own message is hers from send(): it is never delivered back, even by the catch-up sync.
    await alice.request('ping', {});
    expect(aliceMessages.map((m) => m.seq)).toEqual([1]);
    expect(alice.lastSeenSeq(BOB)).toBe(2);
  });

  it('resends after a timeout with the same random', async () => {
    const alice = clients.make('alice', { requestTimeoutMs: 100 });
    await alice.connect();
    // The first attempt is stored but its reply is lost; the second is answered from the dedup table.
    gateway.silence('send', 1);

    const result = await alice.send('bob', text('slow'));

    expect(result).toMatchObject({ conversationId: BOB, seq: 1 });
    const randoms = gateway.requests.filter((r) => r.op === 'send').map((s) => s.data.random);
    expect(randoms).toHaveLength(2);
    expect(randoms[1]).toBe(randoms[0]);
    expect(gateway.messages(BOB)).toHaveLength(1);
  });

  it('gives up after sendMaxAttempts and rejects with the last failure', async () => {
    const alice = clients.make('alice', { requestTimeoutMs: 50, sendMaxAttempts: 2 });
    await alice.connect();
    gateway.silence('send');

    const error = await alice.send('bob', text('never answered')).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'REQUEST_TIMEOUT' });
    expect(gateway.requests.filter((r) => r.op === 'send')).toHaveLength(2);
  });

  it('counts own messages as seen: a peer reply after them is delivered without a gap sync', async () => {
    const alice = clients.make('alice');
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const aliceMessages = record(alice, 'message');

    await alice.send('bob', text('a1'));
    await alice.send('bob', text('a2'));
    await bob.send('alice', text('b3'));
    await until(alice, ['message'], () => aliceMessages.length === 1);

    expect(aliceMessages.map((m) => m.seq)).toEqual([3]);
    expect(gateway.requests.filter((r) => r.userId === 'alice' && r.op === 'sync')).toEqual([]);
  });
});
