import type { RuntimeApp } from '@parley/app-config';
import { communityOfTopic, type GroupRole, ParleyError } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { GroupMemberRecord, GroupRecord, GroupStore } from '../ports/group-store.ts';
import type { TopicRecord, TopicStore } from '../ports/topic-store.ts';
import type { GroupDelivery } from './group-delivery.ts';
import { type GroupTypeRules, rulesOf } from './group-type-rules.ts';

/** An actor's standing in a group, strongest first: an app admin has owner rights in every group. */
export type Standing = 'AppAdmin' | GroupRole | 'None';

const RANK: Record<Standing, number> = { AppAdmin: 4, Owner: 3, Admin: 2, Member: 1, None: 0 };

export function atLeast(standing: Standing, floor: Standing): boolean {
  return RANK[standing] >= RANK[floor];
}

/** A group as one actor sees it: the record, the type's rules, the actor's member row and standing. */
export interface GroupView {
  group: GroupRecord;
  rules: GroupTypeRules;
  member: GroupMemberRecord | undefined;
  standing: Standing;
  /** Set when the view was asked for a Community topic: `group` is then its community. */
  topic?: TopicRecord;
}

export function isAppAdmin(app: RuntimeApp, userId: string): boolean {
  return app.config.admins.includes(userId);
}

/** Loads groups and decides who the actor is in them. */
export class GroupAccess {
  readonly #groups: GroupStore;
  readonly #delivery: GroupDelivery;
  readonly #topics: TopicStore | undefined;

  constructor(groups: GroupStore, delivery: GroupDelivery, topics?: TopicStore) {
    this.#groups = groups;
    this.#delivery = delivery;
    this.#topics = topics;
  }

  /** The group and the actor's standing; GROUP_NOT_FOUND when there is no such group in the actor's app. */
  async view(actor: Actor, groupId: string): Promise<GroupView> {
    const group = await this.#groups.get(actor.app.sdkAppId, groupId);
    if (!group) throw new ParleyError('GROUP_NOT_FOUND');
    const rules = rulesOf(group.type);
    let member: GroupMemberRecord | undefined;
    let role: Standing = 'None';
    if (rules.storesMembers) {
      [member] = await this.#groups.getMembers(actor.app.sdkAppId, groupId, [actor.userId]);
      if (member) role = member.role;
    } else if (group.ownerId === actor.userId) {
      role = 'Owner';
    } else if (await this.#delivery.isOnlineMember(actor.app.sdkAppId, groupId, actor.userId)) {
      role = 'Member';
    }
    const standing = isAppAdmin(actor.app, actor.userId) ? 'AppAdmin' : role;
    return { group, rules, member, standing };
  }

  /** As `view`, and the actor must be a member (or an app admin): otherwise GROUP_PERMISSION_DENIED. */
  async asMember(actor: Actor, groupId: string): Promise<GroupView> {
    const view = await this.view(actor, groupId);
    if (view.standing === 'None') {
      throw new ParleyError('GROUP_PERMISSION_DENIED', { detail: 'The user is not a member of this group.' });
    }
    return view;
  }

  /**
   * As `asMember`, for a group ID or a Community topic's ID: a topic's members are its community's, and the
   * view carries the topic. GROUP_NOT_FOUND when the topic does not exist.
   */
  async asMemberOf(actor: Actor, groupOrTopicId: string): Promise<GroupView> {
    const community = communityOfTopic(groupOrTopicId);
    if (community === undefined) return this.asMember(actor, groupOrTopicId);
    const topic = await this.#topics?.get(actor.app.sdkAppId, groupOrTopicId);
    if (!topic || topic.groupId !== community) {
      throw new ParleyError('GROUP_NOT_FOUND', { detail: 'The topic does not exist or was deleted.' });
    }
    return { ...(await this.asMember(actor, community)), topic };
  }
}

/** Fails with GROUP_PERMISSION_DENIED unless `allowed`. */
export function permit(allowed: boolean, detail: string): void {
  if (!allowed) throw new ParleyError('GROUP_PERMISSION_DENIED', { detail });
}
