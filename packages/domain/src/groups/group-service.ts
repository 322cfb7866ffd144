import type { RuntimeApp } from '@parley/app-config';
import { groupConversationId, type OpData, type OpResults, ParleyError } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { GroupMemberRecord, GroupPatch, GroupRecord } from '../ports/group-store.ts';
import { atLeast, GroupAccess, isAppAdmin, permit, type Standing } from './group-access.ts';
import { assertGroupFieldsWritable } from './group-custom-fields.ts';
import type { GroupServiceDeps } from './group-deps.ts';
import type { GroupCallContext } from './group-hooks.ts';
import { assertCustomGroupId, generateGroupId } from './group-id.ts';
import { GroupTips } from './group-tips.ts';
import { planMaxMembers, rulesOf } from './group-type-rules.ts';
import { toGroupInfo } from './group-view.ts';
import { assertRoomForGroups, newMember } from './new-member.ts';

/** Options only the admin API gives: the owner of a group the app admin creates (none: ownerless). */
export interface CreateOptions {
  ownerId?: string | null;
}

/** A group's life: creation, information, edits, ownership, mute-all, disbanding, and a user's groups. */
export class GroupService {
  readonly #d: GroupServiceDeps;
  readonly #access: GroupAccess;
  readonly #tips: GroupTips;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
    this.#access = new GroupAccess(deps.groups, deps.delivery);
    this.#tips = new GroupTips(deps);
  }

  async create(
    actor: Actor,
    data: OpData<'group.create'>,
    options: CreateOptions = {},
  ): Promise<OpResults['group.create']> {
    const { app } = actor;
    const sdkAppId = app.sdkAppId;
    const rules = rulesOf(data.type);
    const appAdmin = isAppAdmin(app, actor.userId);
    const ownerId = options.ownerId === undefined ? actor.userId : options.ownerId;
    if (data.type === 'Community' && !['ultimate', 'enterprise'].includes(app.config.plan.name)) {
      throw new ParleyError('GROUP_PLAN_FEATURE');
    }
    if (data.groupId !== undefined) assertCustomGroupId(data.groupId, data.type);
    if (data.supportTopic && data.type !== 'Community') throw new ParleyError('GROUP_TOPIC_UNSUPPORTED');
    const planMax = planMaxMembers(app.config, data.type);
    if (data.maxMembers !== undefined && data.maxMembers > planMax) {
      throw new ParleyError('GROUP_MEMBER_LIMIT', {
        detail: `A ${data.type} group may have at most ${planMax} members on this plan.`,
      });
    }
    const invited = [...new Set(data.members ?? [])].filter((userId) => userId !== ownerId);
    if (!rules.storesMembers && invited.length > 0) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: 'An AVChatRoom takes no initial members.',
      });
    }
    const maxMembers = data.maxMembers ?? planMax;
    const everyone = ownerId === null ? invited : [ownerId, ...invited];
    if (rules.storesMembers && everyone.length > maxMembers) throw new ParleyError('GROUP_FULL');
    await this.#assertAccounts(sdkAppId, everyone);
    if (rules.storesMembers) await assertRoomForGroups(this.#d.groups, app, everyone);
    if (data.customFields)
      assertGroupFieldsWritable(app.config, data.customFields, appAdmin ? 'AppAdmin' : 'Owner');

    const now = this.#d.clock.now();
    const group: GroupRecord = {
      sdkAppId,
      groupId: data.groupId ?? generateGroupId(data.type),
      type: data.type,
      name: data.name,
      introduction: data.introduction ?? '',
      notification: data.notification ?? '',
      faceUrl: data.faceUrl ?? '',
      ownerId,
      applyJoinOption: rules.applications ? (data.applyJoinOption ?? rules.defaultApplyJoin) : 'DisableApply',
      maxMembers,
      muteAll: false,
      customFields: withoutEmpty(data.customFields ?? {}),
      ...(data.supportTopic ? { supportTopic: true } : {}),
      createdAt: now,
      updatedAt: now,
    };
    const context = contextOf(actor);
    const verdict = await this.#d.hooks.beforeCreate(app, group, everyone, context);
    if (verdict.action === 'reject') throw rejection(verdict);
    const members: GroupMemberRecord[] = rules.storesMembers
      ? everyone.map((userId) => newMember(userId, userId === ownerId ? 'Owner' : 'Member', now, 0))
      : [];
    if (!(await this.#d.groups.create(group, members))) throw new ParleyError('GROUP_ID_TAKEN');
    // An AVChatRoom's owner is in its roster while online, like any member.
    this.#d.delivery.addToRoster(sdkAppId, group.groupId, everyone);
    this.#d.hooks.afterCreate(app, group, everyone, context);
    return {
      group: toGroupInfo(app.config, group, appAdmin ? 'AppAdmin' : 'Owner', {
        memberCount: members.length,
        lastSeq: 0,
      }),
    };
  }

  async info(actor: Actor, data: OpData<'group.info'>): Promise<OpResults['group.info']> {
    const groups: OpResults['group.info']['groups'] = [];
    const notFound: string[] = [];
    for (const groupId of data.groupIds) {
      try {
        const view = await this.#access.view(actor, groupId);
        groups.push(await this.#info(actor.app, view.group, view.standing));
      } catch (error) {
        if (error instanceof ParleyError && error.errorName === 'GROUP_NOT_FOUND') notFound.push(groupId);
        else throw error;
      }
    }
    return { groups, notFound };
  }

  async update(actor: Actor, data: OpData<'group.update'>): Promise<OpResults['group.update']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.view(actor, data.groupId);
    const { groupId: _, customFields, applyJoinOption, ...given } = data;
    const info = definedOnly(given);
    const changes: Record<string, unknown> = { ...info };
    if (Object.keys(info).length > 0) {
      permit(
        atLeast(standing, rules.membersEditInfo ? 'Member' : 'Admin'),
        'Only admins may edit this group.',
      );
    }
    if (applyJoinOption !== undefined) {
      if (!rules.applications) {
        throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', { detail: 'Work groups take no applications.' });
      }
      permit(atLeast(standing, 'Admin'), 'Only admins may change how users join.');
      changes.applyJoinOption = applyJoinOption;
    }
    if (customFields) {
      assertGroupFieldsWritable(app.config, customFields, standing);
      changes.customFields = customFields;
    }
    const patch: GroupPatch = {
      ...info,
      ...(applyJoinOption === undefined ? {} : { applyJoinOption }),
      ...(customFields === undefined ? {} : { customFields }),
    };
    const updated = await this.#d.groups.update(app.sdkAppId, group.groupId, patch, this.#d.clock.now());
    if (!updated) throw new ParleyError('GROUP_NOT_FOUND');
    if (Object.keys(changes).length > 0) {
      await this.#tips.post(app, updated, 'GroupInfoChange', actor.userId, { changes });
      this.#d.hooks.afterGroupInfoChanged(app, updated, changes, contextOf(actor));
    }
    return { group: await this.#info(app, updated, standing) };
  }

  async destroy(actor: Actor, data: OpData<'group.destroy'>): Promise<OpResults['group.destroy']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.view(actor, data.groupId);
    permit(
      rules.disband === 'app-admin' ? standing === 'AppAdmin' : atLeast(standing, 'Owner'),
      rules.disband === 'app-admin'
        ? 'Only an app admin may disband a Work group.'
        : 'Only the owner may disband.',
    );
    this.#d.delivery.pushToGroup(app.sdkAppId, group.groupId, 'groupDestroyed', {
      groupId: group.groupId,
      by: actor.userId,
    });
    this.#d.delivery.dropRoster(app.sdkAppId, group.groupId);
    const members = rules.storesMembers && group.type !== 'Community' ? await this.#memberIds(group) : [];
    await this.#d.groups.destroy(app.sdkAppId, group.groupId);
    await this.#d.log.deleteConversation(app.sdkAppId, groupConversationId(group.groupId));
    // A community's topics go with it, with their histories.
    for (const topicId of (await this.#d.topics?.deleteGroup(app.sdkAppId, group.groupId)) ?? []) {
      await this.#d.log.deleteConversation(app.sdkAppId, groupConversationId(topicId));
    }
    this.#d.hooks.afterGroupDestroyed(app, group, members, contextOf(actor));
    return { groupId: group.groupId };
  }

  async transfer(actor: Actor, data: OpData<'group.transfer'>): Promise<OpResults['group.transfer']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.view(actor, data.groupId);
    permit(atLeast(standing, 'Owner'), 'Only the owner may transfer the group.');
    if (rules.storesMembers) {
      const [target] = await this.#d.groups.getMembers(app.sdkAppId, group.groupId, [data.to]);
      if (!target)
        throw new ParleyError('GROUP_INVALID_PARAMETER', { detail: 'The new owner must be a member.' });
    } else {
      await this.#assertAccounts(app.sdkAppId, [data.to]);
    }
    const now = this.#d.clock.now();
    if (rules.storesMembers) {
      await this.#d.groups.transferOwner(app.sdkAppId, group.groupId, group.ownerId, data.to, now);
    } else {
      await this.#d.groups.update(app.sdkAppId, group.groupId, { ownerId: data.to }, now);
    }
    await this.#tips.post(app, group, 'TransferOwner', actor.userId, { userIds: [data.to] });
    return { groupId: group.groupId, ownerId: data.to };
  }

  async muteAll(actor: Actor, data: OpData<'group.muteAll'>): Promise<OpResults['group.muteAll']> {
    const { app } = actor;
    const { group, standing } = await this.#access.view(actor, data.groupId);
    permit(atLeast(standing, 'Admin'), 'Only admins may mute the whole group.');
    const updated = await this.#d.groups.update(
      app.sdkAppId,
      group.groupId,
      { muteAll: data.muted },
      this.#d.clock.now(),
    );
    if (!updated) throw new ParleyError('GROUP_NOT_FOUND');
    await this.#tips.post(app, updated, 'MuteAll', actor.userId, { changes: { muteAll: data.muted } });
    return { groupId: group.groupId, muted: data.muted };
  }

  /** The user's groups with where each stands (AVChatRoom memberships are online only and not listed). */
  async joined(actor: Actor): Promise<OpResults['group.joined']> {
    const { app } = actor;
    const memberships = await this.#d.groups.memberships(
      app.sdkAppId,
      actor.userId,
      app.config.plan.maxGroupsPerUser,
    );
    const listed = memberships.filter((m) => rulesOf(m.type).storesMembers);
    const lastSeqs = await this.#d.log.lastSeqs(
      app.sdkAppId,
      listed.map((m) => groupConversationId(m.groupId)),
    );
    return {
      groups: listed.map((m, index) => ({
        groupId: m.groupId,
        type: m.type,
        role: m.member.role,
        lastSeq: lastSeqs[index] ?? 0,
        readSeq: m.member.readSeq,
      })),
    };
  }

  async #info(app: RuntimeApp, group: GroupRecord, standing: Standing) {
    const conversationId = groupConversationId(group.groupId);
    const [memberCount, [lastSeq = 0]] = await Promise.all([
      rulesOf(group.type).storesMembers
        ? this.#d.groups.memberCount(app.sdkAppId, group.groupId)
        : this.#d.delivery.onlineCount(app.sdkAppId, group.groupId),
      this.#d.log.lastSeqs(app.sdkAppId, [conversationId]),
    ]);
    return toGroupInfo(app.config, group, standing, { memberCount, lastSeq });
  }

  /** Every member of the group, by user ID (read in pages). */
  async #memberIds(group: GroupRecord): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.#d.groups.listMembers(group.sdkAppId, group.groupId, after, 500);
      for (const member of page) ids.push(member.userId);
      if (page.length < 500) return ids;
      after = page.at(-1)?.userId;
    }
  }

  async #assertAccounts(sdkAppId: number, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      if (!(await this.#d.accounts.get(sdkAppId, userId))) {
        throw new ParleyError('GROUP_USER_NOT_FOUND', { detail: `The user "${userId}" does not exist.` });
      }
    }
  }
}

export function contextOf(actor: Actor): GroupCallContext {
  return { operator: actor.userId, clientIp: actor.clientIp, platform: actor.platform };
}

export function rejection(verdict: {
  error: ParleyError['errorName'];
  code?: number;
  detail?: string;
}): ParleyError {
  return new ParleyError(verdict.error, {
    ...(verdict.detail === undefined ? {} : { detail: verdict.detail }),
    ...(verdict.code === undefined ? {} : { appCode: verdict.code }),
  });
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function withoutEmpty(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}
