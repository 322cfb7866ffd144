import { type FriendRelation, type OpData, type OpResults, ParleyError } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { PushDelivery } from '../messaging/push-delivery.ts';
import type { AccountStore } from '../ports/account-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { RelationStore } from '../ports/relation-store.ts';

export interface RelationEventSink {
  /**
   * Tencent's Sns callbacks, queued off the request path. `initiator` asked for the friendship; `how` says whether
   * it was added directly ('add': allow-any, or both asked) or by accepting a request ('response').
   */
  friendAdded(actor: Actor, initiator: string, other: string, how: 'add' | 'response'): void;
  friendDeleted(actor: Actor, a: string, b: string): void;
  blacklistAdded(actor: Actor, owner: string, targets: string[]): void;
  blacklistRemoved(actor: Actor, owner: string, targets: string[]): void;
}

export const noRelationEvents: RelationEventSink = {
  friendAdded: () => {},
  friendDeleted: () => {},
  blacklistAdded: () => {},
  blacklistRemoved: () => {},
};

export interface RelationServiceDeps {
  accounts: AccountStore;
  relations: RelationStore;
  delivery: PushDelivery;
  events: RelationEventSink;
  clock: Clock;
}

/** Friends and blacklists, with Tencent's verification rules. */
export class RelationService {
  readonly #d: RelationServiceDeps;

  constructor(deps: RelationServiceDeps) {
    this.#d = deps;
  }

  async addFriend(actor: Actor, data: OpData<'friend.add'>): Promise<OpResults['friend.add']> {
    const sdkAppId = actor.app.sdkAppId;
    const from = actor.userId;
    const to = data.to;
    if (to === from) throw new ParleyError('INVALID_REQUEST', { detail: 'A user cannot befriend themself.' });
    const target = await this.#d.accounts.get(sdkAppId, to);
    if (!target) throw new ParleyError('ACCOUNT_NOT_FOUND');
    if (await this.#d.relations.areFriends(sdkAppId, from, to)) return { userId: to, relation: 'friends' };
    // Tencent: no friend request while either side blocks the other.
    await this.#assertNoBlock(sdkAppId, from, to);

    const now = this.#d.clock.now();
    // A request the other way round means both want it: they become friends.
    const reverse = await this.#d.relations.getFriendRequest(sdkAppId, to, from);
    // Tencent's AdminForbid_Type_SendOut (set by the app's admin on an account's profile): no requests to it.
    const forbidden = target.profileFields.Tag_Profile_IM_AdminForbidType === 'AdminForbid_Type_SendOut';
    if (!reverse && forbidden) throw new ParleyError('FRIEND_ADD_DENIED');
    const verification = target.addVerification ?? actor.app.config.friends.defaultAddVerification;
    if (reverse || verification === 'allow-any') {
      await this.#befriend(actor, from, to, 'add', now);
      return { userId: to, relation: 'friends' };
    }
    if (verification === 'deny-any') throw new ParleyError('FRIEND_ADD_DENIED');
    await this.#d.relations.putFriendRequest({
      sdkAppId,
      from,
      to,
      wording: data.wording ?? '',
      createdAt: now,
    });
    this.#d.delivery.push(sdkAppId, [{ userId: to }], 'friendRequest', {
      from,
      ...(data.wording === undefined ? {} : { wording: data.wording }),
    });
    throw new ParleyError('FRIEND_REQUEST_PENDING');
  }

  /**
   * The admin makes `actor` and `to` friends without asking `to` (Tencent's REST `friend_add` with ForceAddFlags 1,
   * and `friend_import`): no verification, no pending request. A block either way still refuses it (30515, 30525).
   */
  async forceAddFriend(actor: Actor, to: string): Promise<OpResults['friend.add']> {
    const sdkAppId = actor.app.sdkAppId;
    if (to === actor.userId)
      throw new ParleyError('INVALID_REQUEST', { detail: 'A user cannot befriend themself.' });
    if (!(await this.#d.accounts.get(sdkAppId, to))) throw new ParleyError('ACCOUNT_NOT_FOUND');
    if (await this.#d.relations.areFriends(sdkAppId, actor.userId, to))
      return { userId: to, relation: 'friends' };
    await this.#assertNoBlock(sdkAppId, actor.userId, to);
    await this.#befriend(actor, actor.userId, to, 'add', this.#d.clock.now());
    return { userId: to, relation: 'friends' };
  }

  async respond(actor: Actor, data: OpData<'friend.respond'>): Promise<OpResults['friend.respond']> {
    const sdkAppId = actor.app.sdkAppId;
    const request = await this.#d.relations.getFriendRequest(sdkAppId, data.from, actor.userId);
    if (!request) throw new ParleyError('NO_PENDING_REQUEST');
    if (!data.accept) {
      await this.#d.relations.deleteFriendRequest(sdkAppId, data.from, actor.userId);
      return { userId: data.from, relation: 'none' };
    }
    // A request made before either side blocked the other must not make friends of them: blocking ends a
    // friendship (blacklistAdd), so accepting may not start one.
    await this.#assertNoBlock(sdkAppId, actor.userId, data.from);
    await this.#befriend(actor, data.from, actor.userId, 'response', this.#d.clock.now());
    return { userId: data.from, relation: 'friends' };
  }

  async deleteFriend(actor: Actor, data: OpData<'friend.delete'>): Promise<OpResults['friend.delete']> {
    const existed = await this.#d.relations.removeFriends(actor.app.sdkAppId, actor.userId, data.userId);
    if (existed) {
      this.#d.delivery.push(actor.app.sdkAppId, [{ userId: data.userId }], 'friendDeleted', {
        userId: actor.userId,
      });
      this.#d.events.friendDeleted(actor, actor.userId, data.userId);
    }
    return { userId: data.userId };
  }

  async listFriends(actor: Actor): Promise<OpResults['friend.list']> {
    return { friends: await this.#d.relations.listFriends(actor.app.sdkAppId, actor.userId) };
  }

  async check(actor: Actor, data: OpData<'friend.check'>): Promise<OpResults['friend.check']> {
    const sdkAppId = actor.app.sdkAppId;
    const me = actor.userId;
    const results = await Promise.all(
      data.userIds.map(async (userId): Promise<{ userId: string; relation: FriendRelation }> => {
        if (await this.#d.relations.areFriends(sdkAppId, me, userId)) return { userId, relation: 'friends' };
        if (await this.#d.relations.getFriendRequest(sdkAppId, me, userId))
          return { userId, relation: 'request-sent' };
        if (await this.#d.relations.getFriendRequest(sdkAppId, userId, me)) {
          return { userId, relation: 'request-received' };
        }
        return { userId, relation: 'none' };
      }),
    );
    return { results };
  }

  async blacklistAdd(actor: Actor, data: OpData<'blacklist.add'>): Promise<OpResults['blacklist.add']> {
    const sdkAppId = actor.app.sdkAppId;
    const targets = [...new Set(data.userIds)].filter((id) => id !== actor.userId);
    const existing = await this.#d.accounts.existing(sdkAppId, targets);
    const missing = targets.filter((id) => !existing.has(id));
    if (missing.length > 0)
      throw new ParleyError('ACCOUNT_NOT_FOUND', { detail: `Unknown: ${missing.join(', ')}.` });
    await this.#d.relations.addToBlacklist(sdkAppId, actor.userId, targets, this.#d.clock.now());
    // Tencent: blocking someone ends the friendship.
    for (const target of targets) {
      if (await this.#d.relations.removeFriends(sdkAppId, actor.userId, target)) {
        this.#d.delivery.push(sdkAppId, [{ userId: target }], 'friendDeleted', { userId: actor.userId });
      }
    }
    this.#d.events.blacklistAdded(actor, actor.userId, targets);
    return { userIds: targets };
  }

  async blacklistRemove(
    actor: Actor,
    data: OpData<'blacklist.remove'>,
  ): Promise<OpResults['blacklist.remove']> {
    const targets = [...new Set(data.userIds)];
    await this.#d.relations.removeFromBlacklist(actor.app.sdkAppId, actor.userId, targets);
    this.#d.events.blacklistRemoved(actor, actor.userId, targets);
    return { userIds: targets };
  }

  async blacklistList(actor: Actor): Promise<OpResults['blacklist.list']> {
    return { userIds: await this.#d.relations.listBlacklist(actor.app.sdkAppId, actor.userId) };
  }

  async #assertNoBlock(sdkAppId: number, me: string, other: string): Promise<void> {
    if (await this.#d.relations.isBlocked(sdkAppId, me, other))
      throw new ParleyError('TARGET_IN_OWN_BLACKLIST');
    if (await this.#d.relations.isBlocked(sdkAppId, other, me))
      throw new ParleyError('BLACKLISTED_BY_TARGET');
  }

  async #befriend(
    actor: Actor,
    initiator: string,
    other: string,
    how: 'add' | 'response',
    now: number,
  ): Promise<void> {
    await this.#d.relations.addFriends(actor.app.sdkAppId, initiator, other, now);
    this.#d.delivery.push(actor.app.sdkAppId, [{ userId: initiator }], 'friendAdded', { userId: other });
    this.#d.delivery.push(actor.app.sdkAppId, [{ userId: other }], 'friendAdded', { userId: initiator });
    this.#d.events.friendAdded(actor, initiator, other, how);
  }
}
