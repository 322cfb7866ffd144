import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../support/domain-fixture.ts';
import { createGroupFixture, type GroupFixture } from '../support/group-fixture.ts';

let g: GroupFixture;
afterEach(() => g.close());

const HOUR = 3_600_000;

/** Sends `count` texts to the group as `from`, one after another. */
async function say(groupId: string, from: string, count: number, prefix = 'm') {
  const actor = await g.as(from);
  const seqs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const sent = await g.services.messages.send(actor, {
      groupId,
      random: Math.floor(Math.random() * 2 ** 32),
      body: text(`${prefix}${i}`),
    });
    seqs.push(sent.seq);
  }
  return seqs;
}

const textsOf = (messages: { body: unknown[] }[]) =>
  messages
    .map((m) => m.body[0] as { MsgType: string; MsgContent: { Text?: string } })
    .filter((e) => e.MsgType === 'TIMTextElem')
    .map((e) => e.MsgContent.Text);

describe('pre-join history', () => {
  it('is off for Public groups by default: a new member reads from the join on; on for Meeting groups', async () => {
    g = await createGroupFixture();
    const alice = await g.as('alice');
    const pub = (
      await g.services.groups.create(alice, { type: 'Public', name: 'p', applyJoinOption: 'FreeAccess' })
    ).group;
    const meeting = (await g.services.groups.create(alice, { type: 'Meeting', name: 'm' })).group;
    await say(pub.groupId, 'alice', 2, 'before');
    await say(meeting.groupId, 'alice', 2, 'before');
    const bob = await g.as('bob');
    await g.services.members.join(bob, { groupId: pub.groupId });
    await g.services.members.join(bob, { groupId: meeting.groupId });
    await say(pub.groupId, 'alice', 1, 'after');
    await say(meeting.groupId, 'alice', 1, 'after');

    const pubSync = await g.services.messages.sync(bob, { groupId: pub.groupId, afterSeq: 0, limit: 100 });
    expect(textsOf(pubSync.messages)).toEqual(['after0']);
    expect(pubSync.complete).toBe(true);
    const pubHistory = await g.services.messages.history(bob, { groupId: pub.groupId, limit: 20 });
    expect(textsOf(pubHistory.messages)).toEqual(['after0']);
    const meetingSync = await g.services.messages.sync(bob, {
      groupId: meeting.groupId,
      afterSeq: 0,
      limit: 100,
    });
    expect(textsOf(meetingSync.messages)).toEqual(['before0', 'before1', 'after0']);
  });

  it('follows the app’s switch per type', async () => {
    g = await createGroupFixture({ groups: { preJoinHistory: { Public: true } } });
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, {
      type: 'Public',
      name: 'p',
      applyJoinOption: 'FreeAccess',
    });
    await say(group.groupId, 'alice', 2, 'before');
    const bob = await g.as('bob');
    await g.services.members.join(bob, { groupId: group.groupId });
    const sync = await g.services.messages.sync(bob, { groupId: group.groupId, afterSeq: 0, limit: 100 });
    expect(textsOf(sync.messages)).toEqual(['before0', 'before1']);
  });
});

describe('AVChatRoom history', () => {
  it('without new-member history a joiner reads nothing, and the sync says it is complete', async () => {
    g = await createGroupFixture();
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, { type: 'AVChatRoom', name: 'live' });
    await say(group.groupId, 'alice', 3);
    // AVChatRoom members are the sessions that joined.
    await g.online('bob');
    const bob = await g.as('bob', 'bob-1');
    await g.services.members.join(bob, { groupId: group.groupId });
    const sync = await g.services.messages.sync(bob, { groupId: group.groupId, afterSeq: 0, limit: 100 });
    // Three messages and bob's entry tip took seqs; none is readable.
    expect(sync).toMatchObject({ messages: [], complete: true, lastSeq: 4 });
    const history = await g.services.messages.history(bob, { groupId: group.groupId, limit: 20 });
    expect(history).toEqual({ messages: [], complete: true });
  });

  it('with new-member history a joiner reads the last 20 messages of the last 24 hours', async () => {
    g = await createGroupFixture({ groups: { avChatRoomNewMemberHistory: true } });
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, { type: 'AVChatRoom', name: 'live' });
    await say(group.groupId, 'alice', 5, 'old');
    g.f.clock.advance(25 * HOUR);
    await say(group.groupId, 'alice', 25, 'new');
    await g.online('bob');
    const bob = await g.as('bob', 'bob-1');
    await g.services.members.join(bob, { groupId: group.groupId });

    // The last 20 seqs: 19 texts and bob's entry tip (sent to those online, not kept).
    const expected = Array.from({ length: 19 }, (_, i) => `new${i + 6}`);
    const sync = await g.services.messages.sync(bob, { groupId: group.groupId, afterSeq: 0, limit: 100 });
    expect(sync.messages.every((m) => m.seq > sync.lastSeq - 20)).toBe(true);
    expect(textsOf(sync.messages)).toEqual(expected);
    expect(sync.complete).toBe(true);
    const history = await g.services.messages.history(bob, { groupId: group.groupId, limit: 100 });
    expect(textsOf(history.messages)).toEqual([...expected].reverse());

    // A day later even those are gone.
    g.f.clock.advance(25 * HOUR);
    const later = await g.services.messages.sync(bob, { groupId: group.groupId, afterSeq: 0, limit: 100 });
    expect(later.messages).toEqual([]);
  });
});

describe('seqs', () => {
  it('concurrent sends of several members take gap-free, unique seqs', async () => {
    g = await createGroupFixture();
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, {
      type: 'Work',
      name: 'w',
      members: ['bob', 'carol', 'dave'],
    });
    const before = await g.services.messages.sync(alice, { groupId: group.groupId, afterSeq: 0, limit: 100 });
    const senders = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => g.as(u)));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        g.services.messages.send(senders[i % 4] as (typeof senders)[number], {
          groupId: group.groupId,
          random: i + 1,
          body: text(`c${i}`),
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => before.lastSeq + i + 1));
  });
});
