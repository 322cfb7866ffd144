import type { ParleyClient } from '@parley/client';
import { startTestParley, type TestParley } from '@parley/testing';
import { withTimeout } from '@parley/testing/kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  nextEvent,
  range,
  received,
  record,
  seqsByConversation,
  settle,
  text,
  textOf,
  until,
} from './client-test-tools.ts';
import { type ConnectedClient, NetworkDown, newTestApp } from './real-parley.ts';

// Community topics through the SDK against a whole Parley (admin API + gateway) on real sockets.
let parley: TestParley;
let app: Awaited<ReturnType<typeof newTestApp>>;
beforeAll(async () => {
  parley = await startTestParley();
});
afterEach(async () => {
  await app?.closeAll();
});
afterAll(async () => {
  await parley.close();
});

/** Round trips until `check()` holds: for outcomes no event reports (at most 100, then the test fails). */
async function afterRoundTrips(client: ParleyClient, check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await client.request('ping', {});
  expect(check()).toBe(true);
}

/** Drops the client's socket and keeps it offline until `back()`, which resolves with the next login. */
async function offline(member: ConnectedClient) {
  const disconnected = nextEvent(member.client, 'disconnected');
  member.network.goOffline();
  await disconnected;
  return {
    back: () => {
      const reconnected = nextEvent(member.client, 'connected');
      member.network.goOnline();
      return reconnected;
    },
  };
}

/** A topic-enabled community of alice (the owner) with bob, and two topics; bob saw both created. */
async function community(bobOptions: Parameters<typeof app.connect>[1] = {}) {
  app = await newTestApp(parley, { plan: { name: 'ultimate' } });
  const bob = await app.connect('bob', bobOptions);
  const alice = await app.connect('alice');
  const { group } = await alice.client.groups.create({
    type: 'Community',
    name: 'Club',
    members: ['bob'],
    supportTopic: true,
  });
  const groupId = group.groupId;
  const created = record(bob.client, 'groupTopic');
  const { topic: one } = await alice.client.groups.topics.create({ groupId, name: 'one' });
  const { topic: two } = await alice.client.groups.topics.create({
    groupId,
    topicId: `${groupId}@TOPIC#_two`,
    name: 'two',
  });
  await withTimeout(
    until(bob.client, ['groupTopic'], () => created.length >= 2),
    10_000,
    'two groupTopic events',
  );
  return { alice, bob, groupId, group, one: one.topicId, two: two.topicId, created };
}

const conv = (topicId: string) => `group:${topicId}`;

describe('Community topics through the client SDK', () => {
  it('creates, lists and updates topics; members get each change as a groupTopic event', async () => {
    const { alice, bob, groupId, group, one, two, created } = await community();
    expect(group.supportTopic).toBe(true);
    expect(one.startsWith(`${groupId}@TOPIC#_`)).toBe(true);
    expect(two).toBe(`${groupId}@TOPIC#_two`);
    expect(created).toMatchObject([
      { groupId, topicId: one, change: 'created', by: 'alice', topic: { name: 'one', muteAll: false } },
      { groupId, topicId: two, change: 'created', by: 'alice', topic: { name: 'two' } },
    ]);

    const changed = nextEvent(bob.client, 'groupTopic');
    const { topic: muted } = await alice.client.groups.topics.update({ topicId: one, muteAll: true });
    expect(muted).toMatchObject({ topicId: one, groupId, muteAll: true, lastSeq: 0, unread: 0 });
    expect(await changed).toMatchObject({ topicId: one, change: 'changed', topic: { muteAll: true } });

    const { topics } = await bob.client.groups.topics.list(groupId);
    expect(Object.fromEntries(topics.map((topic) => [topic.topicId, topic.muteAll]))).toEqual({
      [one]: true,
      [two]: false,
    });
    await expect(bob.client.groups.topics.create({ groupId, name: 'x' })).rejects.toMatchObject({
      name: 'GROUP_PERMISSION_DENIED',
    });
  });

  it('messages of two topics have seqs of their own and arrive as message events, each topic in order', async () => {
    const { alice, bob, groupId, one, two } = await community();
    const bobSeen = record(bob.client, 'message');

    const sent = [];
    for (const [to, words] of [
      [one, 'one-1'],
      [two, 'two-1'],
      [groupId, 'club-1'],
      [one, 'one-2'],
      [two, 'two-2'],
      [one, 'one-3'],
    ] as const) {
      sent.push(await alice.client.groups.send(to, text(words)));
    }
    await received(bob.client, bobSeen, 6);
    await settle(bob.client);

    expect(sent.map((s) => [s.groupId, s.seq])).toEqual([
      [one, 1],
      [two, 1],
      [groupId, expect.any(Number)],
      [one, 2],
      [two, 2],
      [one, 3],
    ]);
    const seqs = seqsByConversation(bobSeen);
    expect(seqs[conv(one)]).toEqual([1, 2, 3]);
    expect(seqs[conv(two)]).toEqual([1, 2]);
    expect(bobSeen.filter((m) => m.conversationId === conv(one)).map(textOf)).toEqual([
      'one-1',
      'one-2',
      'one-3',
    ]);
    expect(bobSeen.find((m) => m.conversationId === conv(two))?.to).toBe(two);
    expect(bob.client.lastSeenSeqs()).toMatchObject({ [conv(one)]: 3, [conv(two)]: 2 });
    expect(alice.client.lastSeenSeqs()).toMatchObject({ [conv(one)]: 3, [conv(two)]: 2 });
    expect(await bob.client.groups.read(one, 3)).toEqual({ groupId: one, readSeq: 3, unread: 0 });
  });

  it('a member who was offline catches up every topic, one created meanwhile too, without gaps or repeats', async () => {
    const { alice, bob, groupId, one, two } = await community({ syncPageSize: 2 });
    const bobSeen = record(bob.client, 'message');
    const errors = record(bob.client, 'error');
    await alice.client.groups.send(one, text('one-1'));
    await received(bob.client, bobSeen, 1);

    const away = await offline(bob);
    for (let i = 2; i <= 6; i++) await alice.client.groups.send(one, text(`one-${i}`));
    for (let i = 1; i <= 3; i++) await alice.client.groups.send(two, text(`two-${i}`));
    const { topic: three } = await alice.client.groups.topics.create({ groupId, name: 'three' });
    for (let i = 1; i <= 2; i++) await alice.client.groups.send(three.topicId, text(`three-${i}`));
    await alice.client.groups.recall(two, 2);
    const login = await away.back();
    await received(bob.client, bobSeen, 1 + 5 + 3 + 2);
    await settle(bob.client);

    // The login reply lists the community and its topics: the catch-up needs no request of its own to find them.
    expect(login.conversations.map((c) => c.conversationId)).toContain(conv(one));
    expect(login.conversations.map((c) => c.conversationId)).toContain(conv(three.topicId));
    expect(bob.network.sentOps('group.topic.list')).toEqual([]);
    const seqs = seqsByConversation(bobSeen);
    expect(seqs[conv(one)]).toEqual(range(1, 6));
    expect(seqs[conv(two)]).toEqual(range(1, 3));
    expect(seqs[conv(three.topicId)]).toEqual(range(1, 2));
    const twos = bobSeen.filter((m) => m.conversationId === conv(two));
    expect(twos.map((m) => (m.recalled ? 'recalled' : textOf(m)))).toEqual(['two-1', 'recalled', 'two-3']);
    expect(bob.client.lastSeenSeqs()).toMatchObject({
      [conv(one)]: 6,
      [conv(two)]: 3,
      [conv(three.topicId)]: 2,
    });
    const oneSyncs = bob.network.sentOps('group.sync').filter((s) => s.groupId === one);
    expect(oneSyncs.map((s) => s.afterSeq)).toEqual([1, 3, 5]);
    expect(errors.every((error) => error instanceof NetworkDown)).toBe(true);
  });

  it('a restarted client resumes topics from lastSeenSeqs and gets only what came after', async () => {
    const { alice, one, two } = await community();
    for (let i = 1; i <= 4; i++) await alice.client.groups.send(one, text(`one-${i}`));
    await alice.client.groups.send(two, text('two-1'));

    const again = await app.connect('bob', { lastSeenSeqs: { [conv(one)]: 2, [conv(two)]: 1 } });
    const seen = record(again.client, 'message');
    await received(again.client, seen, 2);
    await settle(again.client);

    expect(seen.map((m) => [m.conversationId, m.seq, textOf(m)])).toEqual([
      [conv(one), 3, 'one-3'],
      [conv(one), 4, 'one-4'],
    ]);
  });

  it('a lost push in a topic is noticed from the next seq of that topic and the gap is synced', async () => {
    const { alice, bob, one, two } = await community();
    const bobSeen = record(bob.client, 'message');
    bob.network.loseIncoming(
      (frame) => frame.push === 'message' && frame.data?.conversationId === conv(one) && frame.data.seq === 2,
    );

    await alice.client.groups.send(one, text('one-1'));
    await alice.client.groups.send(one, text('one-2'));
    await alice.client.groups.send(two, text('two-1'));
    await alice.client.groups.send(one, text('one-3'));
    await received(bob.client, bobSeen, 4);
    await settle(bob.client);

    expect(seqsByConversation(bobSeen)).toMatchObject({ [conv(one)]: [1, 2, 3], [conv(two)]: [1] });
    expect(bob.network.sentOps('group.sync')).toEqual([{ groupId: one, afterSeq: 1, limit: 100 }]);
  });

  it('a recall in a topic reaches members as groupRecalled with the topic ID', async () => {
    const { alice, bob, one } = await community();
    const bobSeen = record(bob.client, 'message');
    const sent = await alice.client.groups.send(one, text('oops'));
    await received(bob.client, bobSeen, 1);

    const recalled = nextEvent(bob.client, 'groupRecalled');
    await alice.client.groups.recall(one, sent.seq);
    expect(await recalled).toEqual({ groupId: one, seq: 1, by: 'alice' });
  });

  it('a topic deleted while online is no longer synced, and one created again under its ID starts from seq 1', async () => {
    const { alice, bob, groupId, two } = await community();
    const bobSeen = record(bob.client, 'message');
    for (let i = 1; i <= 3; i++) await alice.client.groups.send(two, text(`two-${i}`));
    await received(bob.client, bobSeen, 3);

    const deleted = nextEvent(bob.client, 'groupTopic');
    expect(await alice.client.groups.topics.delete(groupId, [two])).toEqual({
      groupId,
      deleted: [two],
      notFound: [],
    });
    expect(await deleted).toEqual({ groupId, topicId: two, change: 'deleted', by: 'alice' });
    expect(bob.client.lastSeenSeqs()).not.toHaveProperty(conv(two));

    const away = await offline(bob);
    await away.back();
    await settle(bob.client);
    expect(bob.network.sentOps('group.sync').filter((s) => s.groupId === two)).toEqual([]);

    await alice.client.groups.topics.create({ groupId, topicId: two, name: 'two again' });
    await alice.client.groups.send(two, text('again-1'));
    await received(bob.client, bobSeen, 4);
    expect(bobSeen.at(-1)).toMatchObject({ conversationId: conv(two), seq: 1 });
  });

  it('a topic deleted while the member was offline is forgotten at the catch-up, without an error', async () => {
    const { alice, bob, groupId, one, two } = await community();
    const bobSeen = record(bob.client, 'message');
    const errors = record(bob.client, 'error');
    await alice.client.groups.send(one, text('one-1'));
    await alice.client.groups.send(two, text('two-1'));
    await received(bob.client, bobSeen, 2);

    const away = await offline(bob);
    await alice.client.groups.topics.delete(groupId, [two]);
    await alice.client.groups.send(one, text('one-2'));
    await away.back();
    await received(bob.client, bobSeen, 3);
    await afterRoundTrips(bob.client, () => !(conv(two) in bob.client.lastSeenSeqs()));

    expect(bob.client.lastSeenSeqs()).toMatchObject({ [conv(one)]: 2 });
    expect(errors.every((error) => error instanceof NetworkDown)).toBe(true);
    const syncsOfTwo = () => bob.network.sentOps('group.sync').filter((s) => s.groupId === two).length;
    const before = syncsOfTwo();
    const again = await offline(bob);
    await again.back();
    await settle(bob.client);
    expect(syncsOfTwo()).toBe(before);
  });
});
