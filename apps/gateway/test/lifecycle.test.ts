import type { Socket } from 'node:net';
import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

describe('keepalive', () => {
  let server: GatewayFixture;
  beforeAll(async () => {
    server = await startGateway({ gatewayOptions: { pingIntervalMs: 100 } });
  });
  afterAll(() => server.close());

  it('closes a client that does not answer pings (4008), and keeps one that does', async () => {
    const app = await server.newApp();
    const healthy = await app.login('alice');
    const silent = await app.login('bob', { socket: { ws: { autoPong: false } } });
    // The close frame goes out a second before the gateway drops the peer, so even a peer that ignores pings sees it.
    expect(await silent.waitClosed()).toEqual({ code: 4008, reason: 'keepalive timeout' });
    expect(healthy.isOpen).toBe(true);
    await healthy.ok('ping');
  });
});

describe('sessions ended by the server', () => {
  let server: GatewayFixture;
  beforeAll(async () => {
    server = await startGateway({ gatewayOptions: { maxBufferedBytes: 64 * 1024 } });
  });
  afterAll(() => server.close());

  it('deleting an account kicks its sessions (`kicked` account-deleted, close 4009)', async () => {
    const app = await server.newApp({ multiLogin: { policy: 'multi-platform' } });
    const web = await app.login('alice', { platform: 'web' });
    const phone = await app.login('alice', { platform: 'ios' });
    const bob = await app.login('bob');
    expect(await app.deleteAccounts(['alice'])).toEqual(['alice']);
    for (const session of [web, phone]) {
      expect(await session.nextPush('kicked')).toEqual({ reason: 'account-deleted' });
      expect(await session.waitClosed()).toEqual({ code: 4009, reason: 'account deleted' });
    }
    await bob.barrier();
    expect(bob.isOpen).toBe(true);
    expect((await bob.fail('send', { to: 'alice', random: nextRandom(), body: text('?') })).code).toBe(20003);
  });

  it('a client that lets outgoing data pile up is closed with 4006 and recovers by sync', async () => {
    const app = await server.newApp();
    const alice = await app.login('alice');
    const bob = await app.login('bob');
    const tcp = (bob.raw as unknown as { _socket: Socket })._socket;
    tcp.pause();
    const body = text('x'.repeat(12 * 1024 - 64));
    let last = 0;
    // ~7 MB: more than the kernel buffers of both ends (about 4 MB here) plus the gateway's 64 KiB allowance.
    for (let batch = 0; batch < 24; batch += 1) {
      const replies = await Promise.all(
        Array.from({ length: 25 }, () => alice.ok('send', { to: 'bob', random: nextRandom(), body })),
      );
      last = replies.at(-1)?.seq ?? last;
    }
    tcp.resume();
    expect(await bob.waitClosed()).toEqual({ code: 4006, reason: 'too much unread outgoing data' });
    const received = bob.pushesNamed('message').map((m) => m.seq);
    expect(received.length).toBeLessThan(last);
    expect(received).toEqual(received.map((_, i) => i + 1));

    const back = await app.login('bob');
    const sync = await back.ok('sync', {
      conversationId: 'c2c:alice:bob',
      afterSeq: received.length,
      limit: 500,
    });
    expect(sync.messages[0]?.seq).toBe(received.length + 1);
  });
});

describe('shutdown', () => {
  it('closing the server says goodbye to every client with 1001', async () => {
    const server = await startGateway();
    const app = await server.newApp();
    const alice = await app.login('alice');
    const idle = await app.open();
    const closing = server.close();
    expect(await alice.waitClosed()).toEqual({ code: 1001, reason: 'server shutting down' });
    expect((await idle.waitClosed()).code).toBe(1001);
    await closing;
  });
});
