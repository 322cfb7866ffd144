import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { text } from '../support/domain-fixture.ts';
import { createGroupFixture, type GroupFixture } from '../support/group-fixture.ts';

let g: GroupFixture;
afterEach(() => g.close());

describe('creating groups', () => {
  beforeEach(async () => {
    g = await createGroupFixture({ plan: { maxGroupMembers: 4, maxGroupsPerUser: 3 } });
  });

  it('makes the creator owner, stores the members, and generates a @TGS# ID', async () => {
    const { group } = await g.services.groups.create(await g.as('alice'), {
      type: 'Public',
      name: 'team',
      members: ['bob', 'carol'],
    });
    expect(group).toMatchObject({ type: 'Public', ownerId: 'alice', memberCount: 3, lastSeq: 0 });
    expect(group.groupId).toMatch(/^@TGS#[A-Za-z0-9]{10}$/);
    expect(group.applyJoinOption).toBe('NeedPermission');
    const info = await g.services.groups.info(await g.as('bob'), { groupIds: [group.groupId, 'nope'] });
    expect(info.groups.map((x) => x.groupId)).toEqual([group.groupId]);
    expect(info.notFound).toEqual(['nope']);
  });

  it('takes custom IDs by Tencent’s rules: not @TGS#, Community @TGS#_, each once per app', async () => {
    const alice = await g.as('alice');
    await expect(
      g.services.groups.create(alice, { type: 'Work', name: 'w', groupId: '@TGS#mine' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_INVALID', code: 10015 });
    await g.services.groups.create(alice, { type: 'Work', name: 'w', groupId: 'mine' });
    await expect(
      g.services.groups.create(alice, { type: 'Meeting', name: 'm', groupId: 'mine' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_TAKEN', code: 10021 });
  });

  it('Community groups need the ultimate plan and an @TGS#_ ID', async () => {
    await expect(
      g.services.groups.create(await g.as('alice'), { type: 'Community', name: 'c' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PLAN_FEATURE', code: 10059 });
    await g.f.configure(g.sdkAppId, { plan: { name: 'ultimate' } });
    const alice = await g.as('alice');
    await expect(
      g.services.groups.create(alice, { type: 'Community', name: 'c', groupId: 'plain' }),
    ).rejects.toMatchObject({ errorName: 'GROUP_ID_INVALID' });
    const { group } = await g.services.groups.create(alice, { type: 'Community', name: 'c' });
    expect(group.groupId.startsWith('@TGS#_')).toBe(true);
    expect(group.maxMembers).toBe(100_000);
  });

  it('refuses more members than the plan, unknown users, and users in too many groups', async () => {
    const alice = await g.as('alice');
    await expect(
      g.services.groups.create(alice, { type: 'Work', name: 'w', maxMembers: 5 }),
    ).rejects.toMatchObject({ errorName: 'GROUP_MEMBER_LIMIT', code: 10038 });
    await expect(
      g.services.groups.create(alice, { type: 'Work', name: 'w', members: ['bob', 'carol', 'dave', 'erin'] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_FULL', code: 10014 });
    await expect(
      g.services.groups.create(alice, { type: 'Work', name: 'w', members: ['nobody'] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_USER_NOT_FOUND', code: 10019 });
    for (let i = 0; i < 3; i += 1) await g.services.groups.create(alice, { type: 'Work', name: `w${i}` });
    await expect(g.services.groups.create(alice, { type: 'Work', name: 'w3' })).rejects.toMatchObject({
      errorName: 'GROUP_TOO_MANY_JOINED',
      code: 10037,
    });
    // AVChatRoom memberships do not count, and an AVChatRoom takes no initial members.
    await g.services.groups.create(alice, { type: 'AVChatRoom', name: 'live' });
    await expect(
      g.services.groups.create(alice, { type: 'AVChatRoom', name: 'live2', members: ['bob'] }),
    ).rejects.toMatchObject({ errorName: 'GROUP_UNSUPPORTED_OPERATION', code: 10003 });
  });
});

describe('editing, transferring, muting and disbanding', () => {
  beforeEach(async () => {
    g = await createGroupFixture({
      customFields: {
        group: [
          { name: 'Topic', readScope: 'public', writeScope: 'members' },
          { name: 'Secret', readScope: 'members', writeScope: 'owner' },
        ],
      },
    });
  });

  it('in Work groups members edit the profile; elsewhere only admins', async () => {
    const alice = await g.as('alice');
    const work = (await g.services.groups.create(alice, { type: 'Work', name: 'w', members: ['bob'] })).group;
    const pub = (await g.services.groups.create(alice, { type: 'Public', name: 'p', members: ['bob'] }))
      .group;
    const bob = await g.as('bob');
    await expect(
      g.services.groups.update(bob, { groupId: work.groupId, name: 'renamed' }),
    ).resolves.toMatchObject({
      group: { name: 'renamed' },
    });
    await expect(g.services.groups.update(bob, { groupId: pub.groupId, name: 'x' })).rejects.toMatchObject({
      errorName: 'GROUP_PERMISSION_DENIED',
      code: 10007,
    });
    await g.services.members.setMember(alice, { groupId: pub.groupId, userId: 'bob', role: 'Admin' });
    await expect(g.services.groups.update(bob, { groupId: pub.groupId, name: 'x' })).resolves.toMatchObject({
      group: { name: 'x' },
    });
  });

  it('custom group fields: declared only, within the writer’s scope, and read by scope', async () => {
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, { type: 'Public', name: 'p', members: ['bob'] });
    const bob = await g.as('bob');
    await expect(
      g.services.groups.update(bob, { groupId: group.groupId, customFields: { Undeclared: 'x' } }),
    ).rejects.toMatchObject({ errorName: 'GROUP_INVALID_PARAMETER', code: 10004 });
    await expect(
      g.services.groups.update(bob, { groupId: group.groupId, customFields: { Secret: 'x' } }),
    ).rejects.toMatchObject({ errorName: 'GROUP_PERMISSION_DENIED' });
    await g.services.groups.update(bob, { groupId: group.groupId, customFields: { Topic: 'cats' } });
    await g.services.groups.update(alice, { groupId: group.groupId, customFields: { Secret: 's3' } });
    const asMember = await g.services.groups.info(bob, { groupIds: [group.groupId] });
    expect(asMember.groups[0]?.customFields).toEqual({ Topic: 'cats', Secret: 's3' });
    const asOutsider = await g.services.groups.info(await g.as('carol'), { groupIds: [group.groupId] });
    expect(asOutsider.groups[0]?.customFields).toEqual({ Topic: 'cats' });
  });

  it('only the app admin disbands a Work group; the owner disbands the others', async () => {
    const alice = await g.as('alice');
    const work = (await g.services.groups.create(alice, { type: 'Work', name: 'w' })).group;
    const meeting = (await g.services.groups.create(alice, { type: 'Meeting', name: 'm' })).group;
    await expect(g.services.groups.destroy(alice, { groupId: work.groupId })).rejects.toMatchObject({
      errorName: 'GROUP_PERMISSION_DENIED',
    });
    await g.services.groups.destroy(await g.as('administrator'), { groupId: work.groupId });
    await g.services.groups.destroy(alice, { groupId: meeting.groupId });
    await expect(
      g.services.groups.info(alice, { groupIds: [work.groupId, meeting.groupId] }),
    ).resolves.toEqual({
      groups: [],
      notFound: [work.groupId, meeting.groupId],
    });
    await expect(g.services.groups.destroy(alice, { groupId: meeting.groupId })).rejects.toMatchObject({
      errorName: 'GROUP_NOT_FOUND',
      code: 10010,
    });
  });

  it('transfer makes a member owner; mute-all silences members but not admins', async () => {
    const alice = await g.as('alice');
    const { group } = await g.services.groups.create(alice, {
      type: 'Public',
      name: 'p',
      members: ['bob', 'carol'],
    });
    await g.services.groups.transfer(alice, { groupId: group.groupId, to: 'bob' });
    await expect(
      g.services.groups.transfer(alice, { groupId: group.groupId, to: 'carol' }),
    ).rejects.toMatchObject({
      errorName: 'GROUP_PERMISSION_DENIED',
    });
    const bob = await g.as('bob');
    await g.services.groups.muteAll(bob, { groupId: group.groupId, muted: true });
    await expect(
      g.services.messages.send(await g.as('carol'), { groupId: group.groupId, random: 1, body: text('hi') }),
    ).rejects.toMatchObject({ errorName: 'GROUP_MEMBER_MUTED', code: 10017 });
    await expect(
      g.services.messages.send(bob, { groupId: group.groupId, random: 2, body: text('owner speaks') }),
    ).resolves.toMatchObject({ seq: expect.any(Number) });
    const members = await g.services.members.members(bob, { groupId: group.groupId, limit: 10 });
    expect(members.members.map((m) => [m.userId, m.role])).toEqual([
      ['alice', 'Member'],
      ['bob', 'Owner'],
      ['carol', 'Member'],
    ]);
  });
});
