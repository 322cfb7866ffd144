import { backoffDelay } from '@parley/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clientFactory,
  fastReconnect,
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

describe('reconnect', () => {
  it('after a drop mid-stream, delivers every message stored meanwhile exactly once, in order, without gaps', async () => {
    // A small sync page makes the catch-up page through `complete: false`.
    const alice = clients.make('alice', { syncPageSize: 3 });
    const bob = clients.make('bob');
    const carol = clients.make('carol');
    await Promise.all([alice.connect(), bob.connect(), carol.connect()]);
    const messages = record(alice, 'message');
    const reconnecting = record(alice, 'reconnecting');
    const disconnected = record(alice, 'disconnected');

    for (let i = 1; i <= 40; i++) {
      await bob.send('alice', text(`b${i}`));
      if (i === 10) {
        // Alice stays away while bob keeps sending, and carol starts a conversation she has never seen.
        gateway.block('alice');
        gateway.drop('alice');
      }
    }
    for (let i = 1; i <= 5; i++) await carol.send('alice', text(`c${i}`));
    gateway.unblock('alice');
    await until(alice, ['message'], () => messages.length >= 45);
    await alice.request('ping', {});

    expect(seqsByConversation(messages)).toEqual({
      'c2c:alice:bob': range(1, 40),
      'c2c:alice:carol': range(1, 5),
    });
    expect(messages.filter((m) => m.from === 'bob').map(textOf)).toEqual(range(1, 40).map((i) => `b${i}`));
    expect(alice.lastSeenSeqs()).toEqual({ 'c2c:alice:bob': 40, 'c2c:alice:carol': 5 });
    expect(disconnected).toEqual([{ code: 1006, reason: '' }]);
    expect(reconnecting.length).toBeGreaterThan(1);
    expect(reconnecting).toEqual(
      reconnecting.map((_, i) => ({ attempt: i + 1, delayMs: backoffDelay(i + 1, fastReconnect) })),
    );
    const pagedSyncs = gateway.requests.filter(
      (r) => r.userId === 'alice' && r.op === 'sync' && r.data.limit === 3,
    );
    expect(pagedSyncs.length).toBeGreaterThan(10);
  });

  it('stays exact through repeated drops racing with new, duplicated pushes', async () => {
    const alice = clients.make('alice', { syncPageSize: 4 });
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    gateway.duplicatePushes();
    const messages = record(alice, 'message');

    for (let i = 1; i <= 60; i++) {
      await bob.send('alice', text(`b${i}`));
      if (i % 12 === 6) gateway.drop('alice');
    }
    await until(alice, ['message'], () => messages.length >= 60);
    await alice.request('ping', {});

    expect(seqsByConversation(messages)).toEqual({ 'c2c:alice:bob': range(1, 60) });
  });

  it('close() stops reconnecting and rejects waiting requests', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    gateway.block('alice');
    const reconnecting = record(alice, 'reconnecting');
    const first = nextEvent(alice, 'reconnecting');
    gateway.drop('alice');
    await first;
    const waiting = alice.request('ping', {}).catch((e: unknown) => e);

    await alice.close();

    expect(alice.state).toBe('closed');
    expect(await waiting).toMatchObject({ name: 'CLIENT_CLOSED' });
    await expect(alice.connect()).rejects.toMatchObject({ name: 'CLIENT_CLOSED' });
    const connections = gateway.connections();
    const attempts = reconnecting.length;
    // Several times the longest backoff: a surviving timer would have reconnected by then.
    await new Promise((resolve) => setTimeout(resolve, fastReconnect.maxDelayMs * 4));
    expect(gateway.connections()).toBe(connections);
    expect(reconnecting).toHaveLength(attempts);
  });

  it('close() while connected ends the session cleanly', async () => {
    const alice = clients.make('alice');
    await alice.connect();
    const disconnected = record(alice, 'disconnected');
    const errors = record(alice, 'error');

    await alice.close();

    expect(alice.state).toBe('closed');
    expect(disconnected).toEqual([{ code: 1000, reason: 'client closed' }]);
    expect(errors).toEqual([]);
  });

  it('gives up after reconnect.maxAttempts and reports why', async () => {
    const alice = clients.make('alice', { reconnect: { ...fastReconnect, maxAttempts: 2 } });
    await alice.connect();
    const reconnecting = record(alice, 'reconnecting');
    gateway.block('alice');
    const error = nextEvent(alice, 'error');
    gateway.drop('alice');

    expect(await error).toMatchObject({
      name: 'CLIENT_CLOSED',
      message: expect.stringContaining('2 attempts'),
    });
    expect(reconnecting.map((r) => r.attempt)).toEqual([1, 2]);
    expect(alice.state).toBe('closed');
  });
});
