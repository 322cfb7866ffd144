import { c2cConversationId, closeCodes, errorCatalogue } from '@parley/protocol';
import { nextRandom, sleep, syncAll, type TestSocket, text, textOf } from '@parley/testing/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { type Cluster, type GatewayNode, startCluster } from './support/cluster.ts';
import { realServiceUrls } from './support/fresh-backends.ts';
import { contiguousPrefix, pipelineSends, resendUntilSettled } from './support/send-stream.ts';

const urls = realServiceUrls();

describe.skipIf(!urls)('a cluster of separate processes: one admin node, gateway nodes', () => {
  let cluster: Cluster;
  let g1: GatewayNode;
  let g2: GatewayNode;
  const sockets: TestSocket[] = [];
  const track = (session: LoggedIn) => {
    sockets.push(session.socket);
    return session;
  };

  beforeAll(async () => {
    if (!urls) return;
    cluster = await startCluster(urls, { gateways: 2 });
    const [first, second] = cluster.gateways;
    if (!first || !second) throw new Error('the cluster started without two gateways');
    g1 = first;
    g2 = second;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.error(cluster.output()));
  });

  it('users on different nodes chat both ways: replies, pushes on the other node, sync shows both', async () => {
    const app = await cluster.createApp({ multiLogin: { policy: 'multi-platform' } });
    const alice = track(await app.login(g1.url, 'alice', 'web'));
    const aliceOnPhone = track(await app.login(g2.url, 'alice', 'android'));
    const bob = track(await app.login(g2.url, 'bob'));
    const conversationId = c2cConversationId('alice', 'bob');

    const first = await alice.socket.ok('send', {
      to: 'bob',
      random: nextRandom(),
      body: text('from node 1'),
    });
    expect(first).toMatchObject({ conversationId, seq: 1 });
    // The recipient and the sender's other device are on node 2: both pushes cross the bus.
    for (const receiver of [bob, aliceOnPhone]) {
      const pushed = await receiver.socket.nextPush('message', (m) => m.seq === first.seq);
      expect(pushed).toMatchObject({ from: 'alice', to: 'bob', msgKey: first.msgKey });
      expect(textOf(pushed)).toBe('from node 1');
    }

    const second = await bob.socket.ok('send', {
      to: 'alice',
      random: nextRandom(),
      body: text('from node 2'),
    });
    expect(second).toMatchObject({ conversationId, seq: 2 });
    for (const receiver of [alice, aliceOnPhone]) {
      const pushed = await receiver.socket.nextPush('message', (m) => m.seq === second.seq);
      expect(pushed).toMatchObject({ from: 'bob', to: 'alice', msgKey: second.msgKey });
    }
    // The sending session itself gets no echo of its own message.
    expect(alice.socket.pushesNamed('message').map((m) => m.seq)).toEqual([2]);

    for (const reader of [alice, bob, aliceOnPhone]) {
      const messages = await syncAll(reader.socket, conversationId);
      expect(messages.map((m) => [m.seq, m.from, textOf(m)])).toEqual([
        [1, 'alice', 'from node 1'],
        [2, 'bob', 'from node 2'],
      ]);
    }
  });

  it('a login on node 2 kicks the single-platform session on node 1 (push kicked, close 4002)', async () => {
    const app = await cluster.createApp({ multiLogin: { policy: 'single-platform' } });
    const older = track(await app.login(g1.url, 'alice', 'android'));
    const newer = track(await app.login(g2.url, 'alice', 'ios'));

    expect(await older.socket.nextPush('kicked')).toEqual({ reason: 'multi-login', byPlatform: 'ios' });
    expect(await older.socket.waitClosed()).toEqual({
      code: closeCodes.KICKED.code,
      reason: closeCodes.KICKED.reason,
    });

    // The newer session is the one that lives on: it sends, and messages to alice reach it.
    const bob = track(await app.login(g1.url, 'bob'));
    const sent = await newer.socket.ok('send', { to: 'bob', random: nextRandom(), body: text('still here') });
    await bob.socket.nextPush('message', (m) => m.seq === sent.seq);
    const reply = await bob.socket.ok('send', { to: 'alice', random: nextRandom(), body: text('hi') });
    await newer.socket.nextPush('message', (m) => m.seq === reply.seq);
    expect(newer.socket.isOpen).toBe(true);
  });

  it('a config PATCH through the admin node applies on both gateway nodes at once, without reconnecting', async () => {
    const app = await cluster.createApp();
    const alice = track(await app.login(g1.url, 'alice'));
    const bob = track(await app.login(g2.url, 'bob'));
    const conversationId = c2cConversationId('alice', 'bob');
    const send = (from: LoggedIn, to: string) =>
      from.socket.ok('send', { to, random: nextRandom(), body: text(`to ${to}`) });

    // The defaults, as each node cached them at login: recall within 120 s, no friendship check.
    const recalled = await send(bob, 'alice');
    await bob.socket.ok('recall', { conversationId, seq: recalled.seq });
    const fromBob = await send(bob, 'alice');
    const fromAlice = await send(alice, 'bob');

    await cluster.configure(app.sdkAppId, { messaging: { recallLimitSeconds: 0 } });
    const recallOnNode2 = await bob.socket.fail('recall', { conversationId, seq: fromBob.seq });
    expect(recallOnNode2.code).toBe(errorCatalogue.RECALL_DISABLED.code);
    const recallOnNode1 = await alice.socket.fail('recall', { conversationId, seq: fromAlice.seq });
    expect(recallOnNode1.code).toBe(errorCatalogue.RECALL_DISABLED.code);

    await cluster.configure(app.sdkAppId, { messaging: { friendshipCheck: true } });
    const sendOnNode1 = await alice.socket.fail('send', { to: 'bob', random: nextRandom(), body: text('x') });
    expect(sendOnNode1.code).toBe(errorCatalogue.NOT_FRIENDS.code);
    const sendOnNode2 = await bob.socket.fail('send', { to: 'alice', random: nextRandom(), body: text('y') });
    expect(sendOnNode2.code).toBe(errorCatalogue.NOT_FRIENDS.code);
    expect([alice.socket.isOpen, bob.socket.isOpen]).toEqual([true, true]);
  });

  it('SIGKILL of a gateway with sends in flight: every acknowledged message survives; its clients resume on another node without gaps or duplicates', {
    timeout: 150_000,
  }, async () => {
    const app = await cluster.createApp();
    const victim = await cluster.addGateway();
    const alice = track(await app.login(victim.url, 'alice'));
    const bob = track(await app.login(victim.url, 'bob'));
    const dave = track(await app.login(g1.url, 'dave'));
    const aliceBob = c2cConversationId('alice', 'bob');
    const daveBob = c2cConversationId('bob', 'dave');

    // Dave, on a surviving node, writes to bob before and after the kill.
    const daveSent = [];
    for (let i = 0; i < 5; i += 1) {
      daveSent.push(await dave.socket.ok('send', { to: 'bob', random: nextRandom(), body: text(`d${i}`) }));
    }
    await bob.socket.nextPush('message', (m) => m.conversationId === daveBob && m.seq === 5);

    // Alice pipelines sends; the node dies while several are in flight. The kill comes a few ms after an
    // acknowledgement, when the node is busy with the next send (its dedup claim taken, the store not yet done).
    let acked = 0;
    let killed: Promise<unknown> | undefined;
    let killedAt = 0;
    const stream = pipelineSends(alice.socket, { to: 'bob' }, { count: 2_000, window: 8 }, () => {
      acked += 1;
      if (acked === 40)
        killed = sleep(5).then(() => {
          killedAt = Date.now();
          return victim.process.kill();
        });
    });
    const sent = await stream;
    expect(await killed).toMatchObject({ signal: 'SIGKILL' });
    const unacknowledged = sent.filter((item) => item.result === undefined);
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(2_000);

    for (let i = 5; i < 10; i += 1) {
      daveSent.push(await dave.socket.ok('send', { to: 'bob', random: nextRandom(), body: text(`d${i}`) }));
    }

    // The killed node's clients reconnect to a surviving node.
    const alice2 = track(await app.login(g2.url, 'alice'));
    const bob2 = track(await app.login(g1.url, 'bob'));
    for (const item of unacknowledged)
      item.result = await resendUntilSettled(alice2.socket, { to: 'bob' }, item, killedAt);

    // Alice's history: every send exactly once, acknowledged ones at the seq they were acknowledged with.
    const history = await syncAll(alice2.socket, aliceBob);
    expect(history.map((m) => m.seq)).toEqual(sent.map((_, i) => i + 1));
    const byRandom = new Map(history.map((m) => [m.random, m]));
    expect(byRandom.size).toBe(history.length);
    for (const item of sent) {
      const stored = byRandom.get(item.random);
      expect(stored, `random ${item.random}`).toMatchObject({ from: 'alice', seq: item.result?.seq });
      expect(stored && textOf(stored)).toBe(item.text);
    }

    // Bob's view: what was pushed to him on the dead node, then a sync from there on the new one.
    for (const [conversationId, expected] of [
      [aliceBob, history.map((m) => m.msgKey)],
      [daveBob, daveSent.map((r) => r.msgKey)],
    ] as const) {
      const pushed = contiguousPrefix(
        bob.socket.pushesNamed('message').filter((m) => m.conversationId === conversationId),
      );
      const synced = await syncAll(bob2.socket, conversationId, pushed.at(-1)?.seq ?? 0);
      const seen = [...pushed, ...synced];
      expect(seen.map((m) => m.seq)).toEqual(expected.map((_, i) => i + 1));
      expect(seen.map((m) => m.msgKey)).toEqual(expected);
    }
  });
});
