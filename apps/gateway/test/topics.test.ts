import { nextRandom, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

let server: GatewayFixture;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

async function community(supportTopic = true) {
  const app = await server.newApp({ plan: { name: 'ultimate' } });
  const alice = await app.login('alice');
  const bob = await app.login('bob');
  const { group } = await alice.ok('group.create', {
    type: 'Community',
    name: 'c',
    members: ['bob'],
    ...(supportTopic ? { supportTopic: true } : {}),
  });
  return { app, alice, bob, groupId: group.groupId as string, group };
}

describe('Community topics over the socket', () => {
  it('create, list, chat in a topic with its own seq, sync, read, and see it in conversations and at login', async () => {
    const { app, alice, bob, groupId, group } = await community();
    expect(group.supportTopic).toBe(true);
    const { topic } = await alice.ok('group.topic.create', {
      groupId,
      name: 'general',
      introduction: 'hi all',
    });
    expect(topic.topicId.startsWith(`${groupId}@TOPIC#_`)).toBe(true);
    expect(await bob.nextPush('groupTopic')).toMatchObject({
      groupId,
      topicId: topic.topicId,
      change: 'created',
      by: 'alice',
      topic: { name: 'general', introduction: 'hi all' },
    });

    const inCommunity = await alice.ok('group.send', { groupId, random: nextRandom(), body: text('c') });
    const first = await alice.ok('group.send', {
      groupId: topic.topicId,
      random: nextRandom(),
      body: text('t1'),
    });
    const second = await alice.ok('group.send', {
      groupId: topic.topicId,
      random: nextRandom(),
      body: text('t2'),
    });
    expect([first.groupId, first.seq, second.seq]).toEqual([topic.topicId, 1, 2]);
    expect(inCommunity.seq).toBeGreaterThan(0);
    const pushed = [
      await bob.nextPush('message'),
      await bob.nextPush('message'),
      await bob.nextPush('message'),
    ];
    expect(pushed.map((m) => [m.conversationId, m.seq])).toEqual([
      [`group:${groupId}`, inCommunity.seq],
      [`group:${topic.topicId}`, 1],
      [`group:${topic.topicId}`, 2],
    ]);

    const synced = await bob.ok('group.sync', { groupId: topic.topicId, afterSeq: 0 });
    expect(synced.messages.map((m: { body: unknown }) => m.body)).toEqual([text('t1'), text('t2')]);
    const history = await bob.ok('group.history', { groupId: topic.topicId });
    expect(history.messages).toHaveLength(2);
    const listed = await bob.ok('group.topic.list', { groupId });
    expect(listed.topics).toMatchObject([{ topicId: topic.topicId, lastSeq: 2, readSeq: 0, unread: 2 }]);
    expect(await bob.ok('group.read', { groupId: topic.topicId, seq: 1 })).toEqual({
      groupId: topic.topicId,
      readSeq: 1,
      unread: 1,
    });
    const { conversations } = await bob.ok('conversations', {});
    expect(conversations).toContainEqual(
      expect.objectContaining({
        conversationId: `group:${topic.topicId}`,
        lastSeq: 2,
        readSeq: 1,
        unread: 1,
      }),
    );
    expect(conversations).toContainEqual(expect.objectContaining({ conversationId: `group:${groupId}` }));
    // A new session learns where the topic stands from its login reply, as for any conversation.
    const again = await app.login('bob');
    expect(again.login.conversations).toContainEqual({
      conversationId: `group:${topic.topicId}`,
      lastSeq: 2,
    });
    expect(again.login.conversations).toContainEqual({
      conversationId: `group:${groupId}`,
      lastSeq: inCommunity.seq,
    });
    again.close();

    expect(await alice.ok('group.recall', { groupId: topic.topicId, seq: 2 })).toEqual({
      groupId: topic.topicId,
      seq: 2,
    });
  });

  it('members may not manage topics; update and delete push to the community; a deleted topic is gone', async () => {
    const { alice, bob, groupId } = await community();
    const refused = await bob.fail('group.topic.create', { groupId, name: 'mine' });
    expect(refused).toMatchObject({ name: 'GROUP_PERMISSION_DENIED', code: 10007 });
    const { topic } = await alice.ok('group.topic.create', {
      groupId,
      topicId: `${groupId}@TOPIC#_news`,
      name: 'news',
    });
    expect(topic.topicId).toBe(`${groupId}@TOPIC#_news`);
    await bob.nextPush('groupTopic');
    const taken = await alice.fail('group.topic.create', { groupId, topicId: topic.topicId, name: 'again' });
    expect(taken).toMatchObject({ name: 'GROUP_ID_TAKEN', code: 10021 });

    const { topic: changed } = await alice.ok('group.topic.update', {
      topicId: topic.topicId,
      muteAll: true,
    });
    expect(changed.muteAll).toBe(true);
    expect(await bob.nextPush('groupTopic')).toMatchObject({ change: 'changed', topic: { muteAll: true } });
    const muted = await bob.fail('group.send', {
      groupId: topic.topicId,
      random: nextRandom(),
      body: text('x'),
    });
    expect(muted).toMatchObject({ name: 'GROUP_MEMBER_MUTED', code: 10017 });

    expect(await alice.ok('group.topic.delete', { groupId, topicIds: [topic.topicId] })).toEqual({
      groupId,
      deleted: [topic.topicId],
      notFound: [],
    });
    expect(await bob.nextPush('groupTopic')).toEqual({
      groupId,
      topicId: topic.topicId,
      change: 'deleted',
      by: 'alice',
    });
    const gone = await alice.fail('group.send', {
      groupId: topic.topicId,
      random: nextRandom(),
      body: text('x'),
    });
    expect(gone).toMatchObject({ name: 'GROUP_NOT_FOUND', code: 10010 });
    const { conversations } = await bob.ok('conversations', {});
    expect(conversations.map((c: { conversationId: string }) => c.conversationId)).not.toContain(
      `group:${topic.topicId}`,
    );
  });

  it('a community without supportTopic refuses topics (10076); a bad topic ID is a bad request', async () => {
    const { alice, groupId } = await community(false);
    const refused = await alice.fail('group.topic.create', { groupId, name: 't' });
    expect(refused).toMatchObject({ name: 'GROUP_TOPIC_UNSUPPORTED', code: 10076 });
    const bad = await alice.fail('group.send', { groupId: `${groupId}@TOPIC#_`, random: 1, body: text('x') });
    expect(bad.name).toBe('INVALID_REQUEST');
  });

  it('refuses topic 201 of a community (91110)', async () => {
    const { alice, groupId } = await community();
    for (let i = 0; i < 200; i++) {
      await alice.ok('group.topic.create', { groupId, topicId: `${groupId}@TOPIC#_${i}`, name: `t${i}` });
    }
    const over = await alice.fail('group.topic.create', { groupId, name: 'over' });
    expect(over).toMatchObject({ name: 'GROUP_TOPIC_LIMIT', code: 91110 });
  });
});
