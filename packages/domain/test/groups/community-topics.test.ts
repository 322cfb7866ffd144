import { MAX_TOPICS_PER_COMMUNITY } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { text } from '../support/domain-fixture.ts';
import { createGroupFixture, type GroupFixture } from '../support/group-fixture.ts';

let g: GroupFixture;
let community: string;
afterEach(() => g.close());

const say = async (userId: string, groupId: string, words: string, random: number) =>
  g.services.messages.send(await g.as(userId), { groupId, random, body: text(words) });

describe('Community topics', () => {
  beforeEach(async () => {
    g = await createGroupFixture({ plan: { name: 'ultimate' }, admins: ['administrator'] });
    const { group } = await g.services.groups.create(await g.as('alice'), {
      type: 'Community',
      name: 'c',
      supportTopic: true,
      members: ['bob', 'carol'],
    });
    community = group.groupId;
    expect(group.supportTopic).toBe(true);
    await g.services.members.setMember(await g.as('alice'), {
      groupId: community,
      userId: 'bob',
      role: 'Admin',
    });
  });

  it('the owner, admins and app admins create topics; members and outsiders may not', async () => {
    const { topic } = await g.services.topics.create(await g.as('alice'), {
      groupId: community,
      name: 'one',
    });
    expect(topic.topicId.startsWith(`${community}@TOPIC#_`)).toBe(true);
    expect(topic).toMatchObject({ groupId: community, name: 'one', lastSeq: 0, unread: 0 });
    await g.services.topics.create(await g.as('bob'), { groupId: community, name: 'two' });
    await g.services.topics.create(await g.as('administrator'), {
      groupId: community,
      topicId: `${community}@TOPIC#_custom`,
      name: 'three',
    });
    await expect(
      g.services.topics.create(await g.as('carol'), { groupId: community, name: 'no' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED', code: 10007 });
    await expect(
      g.services.topics.create(await g.as('dave'), { groupId: community, name: 'no' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED' });
    await expect(
      g.services.topics.create(await g.as('alice'), {
        groupId: community,
        topicId: `${community}@TOPIC#_custom`,
        name: 'again',
      }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_TAKEN', code: 10021 });
    await expect(
      g.services.topics.create(await g.as('alice'), {
        groupId: community,
        topicId: '@TGS#_x@TOPIC#_y',
        name: 'x',
      }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_INVALID' });
    const { topics } = await g.services.topics.list(await g.as('carol'), { groupId: community });
    expect(topics.map((t) => t.name).sort()).toEqual(['one', 'three', 'two']);
  });

  it(`refuses topic ${MAX_TOPICS_PER_COMMUNITY + 1} of a community`, async () => {
    const alice = await g.as('alice');
    for (let i = 0; i < MAX_TOPICS_PER_COMMUNITY; i++) {
      await g.services.topics.create(alice, {
        groupId: community,
        topicId: `${community}@TOPIC#_${i}`,
        name: `t${i}`,
      });
    }
    await expect(g.services.topics.create(alice, { groupId: community, name: 'over' })).rejects.toMatchObject(
      {
        errorName: 'GROUP_TOPIC_LIMIT',
        code: 91110,
      },
    );
  });

  it('a community without supportTopic, and other group types, have no topics', async () => {
    const alice = await g.as('alice');
    const { group: plain } = await g.services.groups.create(alice, { type: 'Community', name: 'plain' });
    expect(plain.supportTopic).toBe(false);
    await expect(
      g.services.topics.create(alice, { groupId: plain.groupId, name: 't' }),
    ).rejects.toMatchObject({
      errorName: 'GROUP_TOPIC_UNSUPPORTED',
      code: 10076,
    });
    await expect(
      g.services.groups.create(alice, { type: 'Public', name: 'p', supportTopic: true }),
    ).rejects.toMatchObject({ errorName: 'GROUP_TOPIC_UNSUPPORTED' });
    await expect(
      g.services.groups.create(alice, { type: 'Work', name: 'w', groupId: 'x@TOPIC#_y' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_INVALID', code: 10015 });
  });

  it('each topic has its own seq, history and unread, apart from the community and the other topics', async () => {
    const alice = await g.as('alice');
    const { topic: one } = await g.services.topics.create(alice, { groupId: community, name: 'one' });
    const { topic: two } = await g.services.topics.create(alice, { groupId: community, name: 'two' });
    // The community's own sequence already holds the SetAdmin tip.
    const [info] = (await g.services.groups.info(alice, { groupIds: [community] })).groups;
    const base = info?.lastSeq ?? 0;
    expect(base).toBeGreaterThan(0);
    expect((await say('alice', community, 'c1', 1)).seq).toBe(base + 1);
    expect((await say('alice', community, 'c2', 2)).seq).toBe(base + 2);
    const sent = await say('bob', one.topicId, 'o1', 3);
    expect(sent).toMatchObject({ groupId: one.topicId, seq: 1 });
    expect((await say('alice', one.topicId, 'o2', 4)).seq).toBe(2);
    expect((await say('carol', two.topicId, 't1', 5)).seq).toBe(1);
    expect((await say('alice', community, 'c3', 6)).seq).toBe(base + 3);

    const carol = await g.as('carol');
    const synced = await g.services.messages.sync(carol, { groupId: one.topicId, afterSeq: 0, limit: 100 });
    expect(synced.messages.map((m) => m.body)).toEqual([text('o1'), text('o2')]);
    expect(synced.lastSeq).toBe(2);
    const history = await g.services.messages.history(carol, { groupId: two.topicId, limit: 20 });
    expect(history.messages.map((m) => m.body)).toEqual([text('t1')]);

    const listed = await g.services.topics.list(carol, { groupId: community });
    const unread = Object.fromEntries(listed.topics.map((t) => [t.name, t.unread]));
    expect(unread).toEqual({ one: 2, two: 0 });
    expect(await g.services.reads.read(carol, { groupId: one.topicId, seq: 1 })).toMatchObject({
      groupId: one.topicId,
      readSeq: 1,
      unread: 1,
    });
    const summaries = await g.f.groupConversations().summaries(g.sdkAppId, 'carol', 100, 0);
    const byPeer = Object.fromEntries(summaries.map((s) => [s.peer, [s.lastSeq, s.readSeq, s.unread]]));
    expect(byPeer).toEqual({
      [community]: [base + 3, 0, base + 3],
      [one.topicId]: [2, 1, 1],
      [two.topicId]: [1, 0, 0],
    });
  });

  it('a muted topic takes messages from admins only; recall works by the topic’s seq', async () => {
    const alice = await g.as('alice');
    const { topic } = await g.services.topics.create(alice, { groupId: community, name: 'one' });
    await say('carol', topic.topicId, 'mine', 1);
    expect(
      (
        await g.services.topics.update(alice, {
          topicId: topic.topicId,
          muteAll: true,
          notification: 'quiet',
        })
      ).topic,
    ).toMatchObject({ muteAll: true, notification: 'quiet', lastSeq: 1 });
    await expect(say('carol', topic.topicId, 'no', 2)).rejects.toMatchObject({
      errorName: 'GROUP_MEMBER_MUTED',
    });
    expect((await say('bob', topic.topicId, 'admin', 3)).seq).toBe(2);
    await expect(
      g.services.topics.update(await g.as('carol'), { topicId: topic.topicId, name: 'x' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED' });
    expect(await g.services.messages.recall(await g.as('carol'), { groupId: topic.topicId, seq: 1 })).toEqual(
      {
        groupId: topic.topicId,
        seq: 1,
      },
    );
  });

  it('deleting a topic removes its conversation and history; disbanding the community removes its topics', async () => {
    const alice = await g.as('alice');
    const { topic: one } = await g.services.topics.create(alice, { groupId: community, name: 'one' });
    const { topic: two } = await g.services.topics.create(alice, { groupId: community, name: 'two' });
    await say('alice', one.topicId, 'o1', 1);
    await expect(
      g.services.topics.delete(await g.as('carol'), { groupId: community, topicIds: [one.topicId] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED' });
    expect(
      await g.services.topics.delete(alice, {
        groupId: community,
        topicIds: [one.topicId, `${community}@TOPIC#_no`],
      }),
    ).toEqual({ groupId: community, deleted: [one.topicId], notFound: [`${community}@TOPIC#_no`] });
    await expect(say('alice', one.topicId, 'gone', 2)).rejects.toMatchObject({
      errorName: 'GROUP_NOT_FOUND',
    });
    const summaries = await g.f.groupConversations().summaries(g.sdkAppId, 'alice', 100, 0);
    expect(summaries.map((s) => s.peer).sort()).toEqual([community, two.topicId].sort());
    expect(await g.f.stores.messages.get(g.sdkAppId, `group:${one.topicId}`, 1)).toBeUndefined();

    await say('alice', two.topicId, 't1', 3);
    await g.services.groups.destroy(alice, { groupId: community });
    expect(await g.f.stores.topics.list(g.sdkAppId, community)).toEqual([]);
    expect(await g.f.stores.messages.get(g.sdkAppId, `group:${two.topicId}`, 1)).toBeUndefined();
  });

  it('a member who leaves loses their read positions in the topics', async () => {
    const alice = await g.as('alice');
    const { topic } = await g.services.topics.create(alice, { groupId: community, name: 'one' });
    await say('alice', topic.topicId, 'o1', 1);
    await g.services.reads.read(await g.as('carol'), { groupId: topic.topicId, seq: 1 });
    expect(await g.f.stores.topics.readSeqs(g.sdkAppId, 'carol', [topic.topicId])).toEqual([1]);
    await g.services.members.quit(await g.as('carol'), { groupId: community });
    expect(await g.f.stores.topics.readSeqs(g.sdkAppId, 'carol', [topic.topicId])).toEqual([0]);
    await expect(
      g.services.messages.sync(await g.as('carol'), { groupId: topic.topicId, afterSeq: 0, limit: 10 }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED' });
  });

  it('pushes topic changes to the community’s online members', async () => {
    const session = await g.online('carol');
    const alice = await g.as('alice');
    const { topic } = await g.services.topics.create(alice, { groupId: community, name: 'one' });
    await g.services.topics.update(alice, { topicId: topic.topicId, name: 'renamed' });
    await say('alice', topic.topicId, 'hi', 1);
    await g.services.topics.delete(alice, { groupId: community, topicIds: [topic.topicId] });
    const pushes = g.pushes(session).filter((p) => p.push === 'groupTopic' || p.push === 'message');
    expect(pushes.map((p) => [p.push, p.data.change ?? p.data.to])).toEqual([
      ['groupTopic', 'created'],
      ['groupTopic', 'changed'],
      ['message', topic.topicId],
      ['groupTopic', 'deleted'],
    ]);
  });
});
