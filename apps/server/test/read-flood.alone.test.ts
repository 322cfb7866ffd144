import { request } from 'node:http';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ParleyProcess, spawnParley } from '../../../load-tests/lib/parley-process.ts';

/**
 * Issue 16, item 1: a user who stored 500 messages of 11,000 characters, then floods `sync` of 500 from many
 * sockets without waiting for replies, must not stall the process. Parley runs as its own process so its event
 * loop is measured apart from this one.
 */
const MESSAGES = 500;
const TEXT = 'x'.repeat(11_000);
const SOCKETS_PER_USER = 10;
const SYNCS_PER_SOCKET = 10;
const HEALTH_BOUND_MS = 100;
const RSS_GROWTH_BOUND = 400 * 1024 * 1024;

let parley: ParleyProcess;
let app: { sdkAppId: number; secretKey: string };
const sockets: WebSocket[] = [];

beforeAll(async () => {
  parley = await spawnParley();
  const created = await fetch(`${parley.adminUrl}/v1/apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${parley.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      details: { name: 'read flood' },
      multiLogin: { policy: 'multi-platform', webInstances: SOCKETS_PER_USER },
    }),
  });
  expect(created.status).toBe(201);
  app = (await created.json()) as { sdkAppId: number; secretKey: string };
  const imported = await fetch(`${parley.adminUrl}/v1/apps/${app.sdkAppId}/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${parley.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accounts: [{ userId: 'alice' }, { userId: 'bob' }] }),
  });
  expect(imported.ok).toBe(true);
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await parley?.stop();
});

/** A logged-in raw socket that counts reply bytes and never parses them (the client must not be the bottleneck). */
async function open(userId: string): Promise<{ socket: WebSocket; received: () => number }> {
  const socket = new WebSocket(parley.wsUrl, { skipUTF8Validation: true });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let bytes = 0;
  const loggedIn = new Promise<void>((resolve, reject) => {
    socket.once('message', (data) => {
      const reply = JSON.parse(String(data)) as { ok: boolean };
      if (reply.ok) resolve();
      else reject(new Error(`login failed: ${String(data)}`));
      socket.on('message', (frame: Buffer) => {
        bytes += frame.length;
      });
    });
  });
  const userSig = genUserSig({ ...app, userId, expireSeconds: 3_600 });
  socket.send(
    JSON.stringify({
      id: 'login',
      op: 'login',
      data: { sdkAppId: app.sdkAppId, userId, userSig, platform: 'web' },
    }),
  );
  await loggedIn;
  return { socket, received: () => bytes };
}

/** Stores the messages from alice to bob, 16 in flight. */
async function seed(): Promise<void> {
  const { socket } = await open('alice');
  let acked = 0;
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    const sendOne = () => {
      next += 1;
      const body = [{ MsgType: 'TIMTextElem', MsgContent: { Text: TEXT } }];
      socket.send(JSON.stringify({ id: `s${next}`, op: 'send', data: { to: 'bob', random: next, body } }));
    };
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(String(data)) as { id?: string; ok?: boolean };
      if (!reply.id?.startsWith('s')) return;
      if (!reply.ok) reject(new Error(`send failed: ${String(data)}`));
      acked += 1;
      if (acked === MESSAGES) resolve();
      else if (next < MESSAGES) sendOne();
    });
    for (let i = 0; i < 16; i += 1) sendOne();
  });
  socket.close();
}

function healthLatency(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a read flood', () => {
  it('keeps /healthz within 100 ms and RSS bounded while 20 sockets each send 10 syncs of 500 large messages', {
    timeout: 120_000,
  }, async () => {
    await seed();
    const healthUrl = parley.wsUrl.replace('ws://', 'http://').replace('/v1/ws', '/healthz');
    await parley.collectGarbage();
    const idle = await healthLatency(healthUrl);
    const rssBefore = parley.rssBytes();

    const readers = await Promise.all(
      ['alice', 'bob'].flatMap((userId) => Array.from({ length: SOCKETS_PER_USER }, () => open(userId))),
    );
    const latencies: number[] = [];
    let rssPeak = rssBefore;
    let flooding = true;
    const poller = (async () => {
      while (flooding) {
        latencies.push(await healthLatency(healthUrl));
        rssPeak = Math.max(rssPeak, parley.rssBytes());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const frame = JSON.stringify({
      id: 'sync',
      op: 'sync',
      data: { conversationId: 'c2c:alice:bob', afterSeq: 0, limit: 500 },
    });
    for (const { socket } of readers) for (let i = 0; i < SYNCS_PER_SOCKET; i += 1) socket.send(frame);

    // Until every socket got its replies (a page is about 1 MB), or a socket was closed as a slow consumer.
    const deadline = Date.now() + 60_000;
    const stillOpen = () => readers.filter(({ socket }) => socket.readyState === WebSocket.OPEN);
    while (
      Date.now() < deadline &&
      stillOpen().some(({ received }) => received() < SYNCS_PER_SOCKET * 900_000)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    flooding = false;
    await poller;

    const total = readers.reduce((sum, { received }) => sum + received(), 0);
    expect(total, 'the readers received their pages').toBeGreaterThan(readers.length * 900_000);
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies), `health latencies ${latencies.map(Math.round).join(' ')}`).toBeLessThan(
      HEALTH_BOUND_MS,
    );
    expect(rssPeak - rssBefore).toBeLessThan(RSS_GROWTH_BOUND);
    console.info(
      `read flood: health ${idle.toFixed(1)} ms idle; ${latencies.length} health checks, max ${Math.max(...latencies).toFixed(1)} ms; ` +
        `RSS +${((rssPeak - rssBefore) / 2 ** 20).toFixed(0)} MiB; ${(total / 2 ** 20).toFixed(0)} MiB sent`,
    );
  });
});
