import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RelationService } from '../src/index.ts';
import { createDomainFixture, type DomainFixture } from './support/domain-fixture.ts';
import { START } from './support/doubles.ts';

let f: DomainFixture;
let relations: RelationService;
let sdkAppId: number;

beforeEach(async () => {
  f = createDomainFixture();
  relations = f.relations();
  ({ sdkAppId } = await f.newApp({}, ['alice', 'bob', 'carol']));
});
afterEach(() => f.close());

const as = (userId: string) => f.actor(sdkAppId, userId);
const add = async (from: string, to: string, wording?: string) =>
  relations.addFriend(await as(from), wording === undefined ? { to } : { to, wording });
const respond = async (userId: string, from: string, accept: boolean) =>
  relations.respond(await as(userId), { from, accept });
const block = async (owner: string, ...userIds: string[]) =>
  relations.blacklistAdd(await as(owner), { userIds });
const friends = (a: string, b: string) => f.stores.relations.areFriends(sdkAppId, a, b);
const pushed = () => f.pushes.pushes.map((p) => [p.push, p.targets, p.data]);

const befriendedPushes = (a: string, b: string) => [
  ['friendAdded', [{ userId: a }], { userId: b }],
  ['friendAdded', [{ userId: b }], { userId: a }],
];

describe('RelationService.addFriend', () => {
  it('allow-any: the two become friends at once, both are told and the app is called back', async () => {
    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'allow-any' } });
    expect(await add('alice', 'bob')).toEqual({ userId: 'bob', relation: 'friends' });
    expect([await friends('alice', 'bob'), await friends('bob', 'alice')]).toEqual([true, true]);
    expect(pushed()).toEqual(befriendedPushes('alice', 'bob'));
    expect(f.relationEvents.events).toEqual([['friendAdded', 'alice', 'alice', 'bob', 'add']]);
  });

  it('need-confirm (the default): a pending request, pushed to the target with its wording', async () => {
    await expect(add('alice', 'bob', 'Hello')).rejects.toMatchObject({
      errorName: 'FRIEND_REQUEST_PENDING',
      code: 30539,
    });
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toEqual({
      sdkAppId,
      from: 'alice',
      to: 'bob',
      wording: 'Hello',
      createdAt: START,
    });
    expect(pushed()).toEqual([['friendRequest', [{ userId: 'bob' }], { from: 'alice', wording: 'Hello' }]]);
    expect(await friends('alice', 'bob')).toBe(false);
    expect(f.relationEvents.events).toEqual([]);
  });

  it('need-confirm without wording pushes no wording', async () => {
    await expect(add('alice', 'bob')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    expect(pushed()).toEqual([['friendRequest', [{ userId: 'bob' }], { from: 'alice' }]]);
  });

  it('deny-any: refused, and no request is left', async () => {
    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'deny-any' } });
    await expect(add('alice', 'bob')).rejects.toMatchObject({ errorName: 'FRIEND_ADD_DENIED', code: 30516 });
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
    expect(pushed()).toEqual([]);
  });

  it('the target’s own verification setting wins over the app default', async () => {
    await f.stores.accounts.update(sdkAppId, 'bob', { addVerification: 'allow-any' });
    expect(await add('alice', 'bob')).toEqual({ userId: 'bob', relation: 'friends' });
    await f.stores.accounts.update(sdkAppId, 'carol', { addVerification: 'deny-any' });
    await expect(add('alice', 'carol')).rejects.toMatchObject({ errorName: 'FRIEND_ADD_DENIED' });
  });

  it('AdminForbid_Type_SendOut on the target’s profile refuses requests, even under allow-any', async () => {
    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'allow-any' } });
    const forbid = { profileFields: { Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_SendOut' } };
    await f.stores.accounts.update(sdkAppId, 'bob', forbid);
    await expect(add('alice', 'bob')).rejects.toMatchObject({ errorName: 'FRIEND_ADD_DENIED', code: 30516 });
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
    const allow = { profileFields: { Tag_Profile_IM_AdminForbidType: 'AdminForbid_Type_None' } };
    await f.stores.accounts.update(sdkAppId, 'bob', allow);
    expect(await add('alice', 'bob')).toEqual({ userId: 'bob', relation: 'friends' });
  });

  it('requests both ways make friends, whatever the first requester’s setting', async () => {
    await f.stores.accounts.update(sdkAppId, 'alice', { addVerification: 'deny-any' });
    await expect(add('alice', 'bob')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    f.pushes.clear();
    expect(await add('bob', 'alice')).toEqual({ userId: 'alice', relation: 'friends' });
    expect(pushed()).toEqual(befriendedPushes('bob', 'alice'));
    expect(f.relationEvents.events).toEqual([['friendAdded', 'bob', 'bob', 'alice', 'add']]);
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
  });

  it('adding a friend again answers friends and tells no one', async () => {
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    expect(await add('alice', 'bob')).toEqual({ userId: 'bob', relation: 'friends' });
    expect(pushed()).toEqual([]);
    expect(f.relationEvents.events).toEqual([]);
  });

  it('refuses oneself and unknown users', async () => {
    await expect(add('alice', 'alice')).rejects.toMatchObject({ errorName: 'INVALID_REQUEST' });
    await expect(add('alice', 'nobody')).rejects.toMatchObject({ errorName: 'ACCOUNT_NOT_FOUND' });
  });

  it('refuses while either side blocks the other, even under allow-any', async () => {
    await f.configure(sdkAppId, { friends: { defaultAddVerification: 'allow-any' } });
    await block('alice', 'bob');
    await expect(add('alice', 'bob')).rejects.toMatchObject({
      errorName: 'TARGET_IN_OWN_BLACKLIST',
      code: 30515,
    });
    await expect(add('bob', 'alice')).rejects.toMatchObject({
      errorName: 'BLACKLISTED_BY_TARGET',
      code: 30525,
    });
    expect(await friends('alice', 'bob')).toBe(false);
  });
});

describe('RelationService.forceAddFriend', () => {
  const force = async (from: string, to: string) => relations.forceAddFriend(await as(from), to);

  it('makes friends at once even when the target accepts no requests, told and called back as an add', async () => {
    await f.stores.accounts.update(sdkAppId, 'bob', { addVerification: 'deny-any' });
    expect(await force('alice', 'bob')).toEqual({ userId: 'bob', relation: 'friends' });
    expect([await friends('alice', 'bob'), await friends('bob', 'alice')]).toEqual([true, true]);
    expect(pushed()).toEqual(befriendedPushes('alice', 'bob'));
    expect(f.relationEvents.events).toEqual([['friendAdded', 'alice', 'alice', 'bob', 'add']]);
  });

  it('clears a pending request, and adding existing friends again changes nothing', async () => {
    await expect(add('alice', 'bob')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    await force('alice', 'bob');
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
    f.pushes.clear();
    expect(await force('bob', 'alice')).toEqual({ userId: 'alice', relation: 'friends' });
    expect(pushed()).toEqual([]);
  });

  it('refuses a block either way, oneself and an unknown account', async () => {
    await block('bob', 'alice');
    await expect(force('alice', 'bob')).rejects.toMatchObject({ errorName: 'BLACKLISTED_BY_TARGET' });
    await expect(force('bob', 'alice')).rejects.toMatchObject({ errorName: 'TARGET_IN_OWN_BLACKLIST' });
    await expect(force('alice', 'alice')).rejects.toMatchObject({ errorName: 'INVALID_REQUEST' });
    await expect(force('alice', 'ghost')).rejects.toMatchObject({ errorName: 'ACCOUNT_NOT_FOUND' });
    expect(await friends('alice', 'bob')).toBe(false);
  });
});

describe('RelationService.respond', () => {
  beforeEach(async () => {
    await expect(add('alice', 'bob', 'Hello')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    f.pushes.clear();
  });

  it('accepting makes friends, tells both and calls back a response', async () => {
    expect(await respond('bob', 'alice', true)).toEqual({ userId: 'alice', relation: 'friends' });
    expect(await friends('alice', 'bob')).toBe(true);
    expect(pushed()).toEqual(befriendedPushes('alice', 'bob'));
    expect(f.relationEvents.events).toEqual([['friendAdded', 'bob', 'alice', 'bob', 'response']]);
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
  });

  it('declining removes the request quietly', async () => {
    expect(await respond('bob', 'alice', false)).toEqual({ userId: 'alice', relation: 'none' });
    expect(await f.stores.relations.getFriendRequest(sdkAppId, 'alice', 'bob')).toBeUndefined();
    expect(await friends('alice', 'bob')).toBe(false);
    expect([pushed(), f.relationEvents.events]).toEqual([[], []]);
  });

  it('refuses without a pending request (and the requester cannot accept their own)', async () => {
    await expect(respond('carol', 'alice', true)).rejects.toMatchObject({ errorName: 'NO_PENDING_REQUEST' });
    await expect(respond('alice', 'bob', true)).rejects.toMatchObject({ errorName: 'NO_PENDING_REQUEST' });
  });

  it('refuses to accept while either side blocks the other', async () => {
    await block('bob', 'alice');
    await expect(respond('bob', 'alice', true)).rejects.toMatchObject({
      errorName: 'TARGET_IN_OWN_BLACKLIST',
    });
    await relations.blacklistRemove(await as('bob'), { userIds: ['alice'] });
    await block('alice', 'bob');
    await expect(respond('bob', 'alice', true)).rejects.toMatchObject({ errorName: 'BLACKLISTED_BY_TARGET' });
    expect(await friends('alice', 'bob')).toBe(false);
    expect(await respond('bob', 'alice', false)).toEqual({ userId: 'alice', relation: 'none' });
  });
});

describe('RelationService friends list, check and delete', () => {
  it('lists friends with the time they became friends', async () => {
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    await f.stores.relations.addFriends(sdkAppId, 'carol', 'alice', START + 5);
    expect(await relations.listFriends(await as('alice'))).toEqual({
      friends: [
        { userId: 'bob', since: START },
        { userId: 'carol', since: START + 5 },
      ],
    });
  });

  it('check tells friends, sent and received requests, and none', async () => {
    await f.importUsers(sdkAppId, 'dave');
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    await expect(add('alice', 'carol')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    await expect(add('dave', 'alice')).rejects.toMatchObject({ errorName: 'FRIEND_REQUEST_PENDING' });
    expect(await relations.check(await as('alice'), { userIds: ['bob', 'carol', 'dave', 'nobody'] })).toEqual(
      {
        results: [
          { userId: 'bob', relation: 'friends' },
          { userId: 'carol', relation: 'request-sent' },
          { userId: 'dave', relation: 'request-received' },
          { userId: 'nobody', relation: 'none' },
        ],
      },
    );
  });

  it('deleting a friend ends it both ways, tells the other and calls back; deleting a non-friend does neither', async () => {
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    expect(await relations.deleteFriend(await as('alice'), { userId: 'bob' })).toEqual({ userId: 'bob' });
    expect(await friends('bob', 'alice')).toBe(false);
    expect(pushed()).toEqual([['friendDeleted', [{ userId: 'bob' }], { userId: 'alice' }]]);
    expect(f.relationEvents.events).toEqual([['friendDeleted', 'alice', 'alice', 'bob']]);
    expect(await relations.deleteFriend(await as('alice'), { userId: 'carol' })).toEqual({ userId: 'carol' });
    expect(pushed().length).toBe(1);
    expect(f.relationEvents.events.length).toBe(1);
  });
});

describe('RelationService blacklist', () => {
  it('adds each target once, never oneself, and lists them', async () => {
    expect(await block('alice', 'bob', 'bob', 'alice', 'carol')).toEqual({ userIds: ['bob', 'carol'] });
    expect(await relations.blacklistList(await as('alice'))).toEqual({ userIds: ['bob', 'carol'] });
    expect(f.relationEvents.events).toEqual([['blacklistAdded', 'alice', 'alice', ['bob', 'carol']]]);
  });

  it('refuses unknown users and blocks none', async () => {
    await expect(block('alice', 'bob', 'x1', 'x2')).rejects.toMatchObject({
      errorName: 'ACCOUNT_NOT_FOUND',
      message: expect.stringContaining('Unknown: x1, x2.'),
    });
    expect(await relations.blacklistList(await as('alice'))).toEqual({ userIds: [] });
    expect(f.relationEvents.events).toEqual([]);
  });

  it('blocking a friend ends the friendship and tells the blocked user', async () => {
    await f.stores.relations.addFriends(sdkAppId, 'alice', 'bob', START);
    await block('alice', 'bob', 'carol');
    expect(await friends('alice', 'bob')).toBe(false);
    expect(pushed()).toEqual([['friendDeleted', [{ userId: 'bob' }], { userId: 'alice' }]]);
  });

  it('removing unblocks, and the app is called back with the targets', async () => {
    await block('alice', 'bob', 'carol');
    expect(await relations.blacklistRemove(await as('alice'), { userIds: ['bob', 'bob'] })).toEqual({
      userIds: ['bob'],
    });
    expect(await relations.blacklistList(await as('alice'))).toEqual({ userIds: ['carol'] });
    expect(f.relationEvents.events.at(-1)).toEqual(['blacklistRemoved', 'alice', 'alice', ['bob']]);
  });
});
