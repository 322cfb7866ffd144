import { groupConversationId, type WireMessage } from '@parley/protocol';
import { nextRandom, sleep, syncAll, type TestSocket, text, textOf } from '@parley/testing/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoggedIn } from './support/chat-app.ts';
import { type Cluster, type GatewayNode, startCluster } from './support/cluster.ts';
import { realServiceUrls } from './support/fresh-backends.ts';
import { contiguousPrefix, pipelineSends, resendUntilSettled } from './support/send-stream.ts';

const urls = realServiceUrls();

/** Messages that are not group tips (joins and the like are stored as messages too). */
const texts = (messages: readonly WireMessage[]) =>
  messages.filter((m) => m.body.every((e) => e.MsgType !== 'TIMGroupTipElem'));

describe.skipIf(!urls)('groups on a cluster of separate processes (MySQL groups, MongoDB log, Redis)', () => {
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

  it('members on both nodes receive every group message; a member accepted on node 1 receives on node 2 at once', async () => {
    const app = await cluster.createApp();
    const alice = track(await app.login(g1.url, 'alice'));
    const bob = track(await app.login(g2.url, 'bob'));
    const carol = track(await app.login(g2.url, 'carol'));
    const { group } = await alice.socket.ok('group.create', {
      type: 'Public',
      name: 'both nodes',
      members: ['bob', 'carol'],
    });

    const sent = await bob.socket.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('hi'),
    });
    for (const receiver of [alice, carol]) {
      const pushed = await receiver.socket.nextPush('message', (m) => m.seq === sent.seq);
      expect(pushed).toMatchObject({ conversationId: groupConversationId(group.groupId), from: 'bob' });
      expect(textOf(pushed)).toBe('hi');
    }

    // dave, logged in on node 2 before he is a member, applies; alice on node 1 accepts.
    const dave = track(await app.login(g2.url, 'dave'));
    await dave.socket.ok('group.join', { groupId: group.groupId, wording: 'hello' });
    await alice.socket.nextPush('groupApplication', (a) => a.userId === 'dave');
    await alice.socket.ok('group.respond', { groupId: group.groupId, userId: 'dave', accept: true });
    await dave.socket.nextPush('groupApplicationHandled');
    const next = await alice.socket.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('welcome'),
    });
    expect(textOf(await dave.socket.nextPush('message', (m) => m.seq === next.seq))).toBe('welcome');

    // Kicked on node 1, gone on node 2: bob no longer receives.
    await alice.socket.ok('group.kick', { groupId: group.groupId, userIds: ['bob'] });
    const after = await alice.socket.ok('group.send', {
      groupId: group.groupId,
      random: nextRandom(),
      body: text('after bob'),
    });
    await carol.socket.nextPush('message', (m) => m.seq === after.seq);
    await bob.socket.barrier();
    expect(bob.socket.pushesNamed('message').filter((m) => m.seq === after.seq)).toEqual([]);

    // A recall and the disbanding on node 1 reach node 2.
    await alice.socket.ok('group.recall', { groupId: group.groupId, seq: after.seq });
    expect(await carol.socket.nextPush('groupRecalled')).toEqual({
      groupId: group.groupId,
      seq: after.seq,
      by: 'alice',
    });
    await alice.socket.ok('group.destroy', { groupId: group.groupId });
    expect(await dave.socket.nextPush('groupDestroyed')).toEqual({ groupId: group.groupId, by: 'alice' });
  });

  it('SIGKILL of a gateway with group sends in flight: every acknowledged message survives once, seqs stay gap-free', {
    timeout: 150_000,
  }, async () => {
    const app = await cluster.createApp();
    const victim = await cluster.addGateway();
    const alice = track(await app.login(victim.url, 'alice'));
    const bob = track(await app.login(g1.url, 'bob'));
    track(await app.login(victim.url, 'carol'));
    const { group } = await alice.socket.ok('group.create', {
      type: 'Work',
      name: 'w',
      members: ['bob', 'carol'],
    });
    const conversationId = groupConversationId(group.groupId);
    const target = { groupId: group.groupId };

    let acked = 0;
    let killed: Promise<unknown> | undefined;
    let killedAt = 0;
    const stream = pipelineSends(alice.socket, target, { count: 2_000, window: 8 }, () => {
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

    const alice2 = track(await app.login(g2.url, 'alice'));
    for (const item of unacknowledged)
      item.result = await resendUntilSettled(alice2.socket, target, item, killedAt);
    const carol2 = track(await app.login(g1.url, 'carol'));

    // The log: gap-free seqs from 1, every send exactly once, at the seq it was acknowledged with.
    const log = await syncAll(alice2.socket, conversationId);
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
    const byRandom = new Map(texts(log).map((m) => [m.random, m]));
    expect(byRandom.size).toBe(sent.length);
    expect(texts(log).length).toBe(sent.length);
    for (const item of sent) {
      const stored = byRandom.get(item.random);
      expect(stored, `random ${item.random}`).toMatchObject({ from: 'alice', seq: item.result?.seq });
      expect(stored && textOf(stored)).toBe(item.text);
    }

    // bob (on a surviving node) saw pushes; with a sync from his last contiguous seq he has the whole log.
    const pushed = contiguousPrefix(
      bob.socket.pushesNamed('message').filter((m) => m.conversationId === conversationId),
    );
    const synced = await syncAll(bob.socket, conversationId, pushed.at(-1)?.seq ?? 0);
    expect([...pushed, ...synced].map((m) => m.msgKey)).toEqual(log.map((m) => m.msgKey));
    // carol (on the dead node) resumes on node 1 from her login reply's lastSeq for the group.
    const listed = carol2.login.conversations.find((c) => c.conversationId === conversationId);
    expect(listed?.lastSeq).toBe(log.length);
    const resumed = await syncAll(carol2.socket, conversationId);
    expect(resumed.map((m) => m.msgKey)).toEqual(log.map((m) => m.msgKey));
  });
});
