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

describe('keepalive', () => {
  it('drops a connection that went silent without closing, reconnects and catches up', async () => {
    const alice = clients.make('alice', { keepaliveMs: 20 });
    const bob = clients.make('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const messages = record(alice, 'message');
    const disconnected = nextEvent(alice, 'disconnected');

    gateway.freeze('alice');
    await bob.send('alice', text('sent into the void'));

    expect(await disconnected).toEqual({
      code: 4008,
      reason: 'no frame from the server within the keepalive',
    });
    await until(alice, ['message'], () => messages.length === 1);
    expect(messages.map(textOf)).toEqual(['sent into the void']);
    expect(alice.state).toBe('connected');
  });

  it('keeps an idle but healthy connection, probing it with ping', async () => {
    const alice = clients.make('alice', { keepaliveMs: 10 });
    await alice.connect();
    const disconnected = record(alice, 'disconnected');

    await gateway.nextRequest('ping');
    await gateway.nextRequest('ping');
    await gateway.nextRequest('ping');

    expect(disconnected).toEqual([]);
    expect(alice.state).toBe('connected');
  });
});
