// Over 300 lines: a group's roster (join, applications, invite, kick, quit, members, setMember) sharing one admission path.
import type { RuntimeApp } from '@parley/app-config';
import { groupConversationId, type OpData, type OpResults, ParleyError } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { GroupRecord, MemberPatch } from '../ports/group-store.ts';
import { atLeast, GroupAccess, type GroupView, permit, type Standing } from './group-access.ts';
import { assertMemberFieldsWritable } from './group-custom-fields.ts';
import type { GroupServiceDeps } from './group-deps.ts';
import type { JoinType } from './group-hooks.ts';
import { contextOf, rejection } from './group-service.ts';
import { GroupTips } from './group-tips.ts';
import { rulesOf } from './group-type-rules.ts';
import { toMemberInfo } from './group-view.ts';
import { assertRoomForGroups, newMember } from './new-member.ts';

/** Who is in a group: applying, approving, inviting, kicking, quitting, and each member's settings. */
export class GroupMembershipService {
  readonly #d: GroupServiceDeps;
  readonly #access: GroupAccess;
  readonly #tips: GroupTips;

  constructor(deps: GroupServiceDeps) {
    this.#d = deps;
    this.#access = new GroupAccess(deps.groups, deps.delivery);
    this.#tips = new GroupTips(deps);
  }

  async join(actor: Actor, data: OpData<'group.join'>): Promise<OpResults['group.join']> {
    const { app } = actor;
    const view = await this.#access.view(actor, data.groupId);
    const { group, rules } = view;
    if (!rules.applications) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: 'Work groups are joined by invitation only.',
      });
    }
    if (view.member || (!rules.storesMembers && view.standing !== 'None' && view.standing !== 'AppAdmin')) {
      throw new ParleyError('GROUP_ALREADY_MEMBER');
    }
    if (group.applyJoinOption === 'DisableApply') {
      throw new ParleyError('GROUP_PERMISSION_DENIED', { detail: 'The group takes no applications.' });
    }
    const verdict = await this.#d.hooks.beforeApplyJoin(app, group, contextOf(actor));
    if (verdict.action === 'reject') throw rejection(verdict);
    if (group.applyJoinOption === 'NeedPermission' && view.standing !== 'AppAdmin') {
      const wording = data.wording ?? '';
      await this.#d.groups.addApplication(app.sdkAppId, group.groupId, {
        userId: actor.userId,
        wording,
        createdAt: this.#d.clock.now(),
      });
      const approvers = await this.#approvers(app, group);
      this.#d.delivery.push(
        app.sdkAppId,
        approvers.map((userId) => ({ userId })),
        'groupApplication',
        { groupId: group.groupId, userId: actor.userId, wording },
      );
      return { groupId: group.groupId, status: 'pending' };
    }
    await this.#admit(app, group, [actor.userId], actor, 'Apply');
    return { groupId: group.groupId, status: 'joined' };
  }

  async applications(
    actor: Actor,
    data: OpData<'group.applications'>,
  ): Promise<OpResults['group.applications']> {
    const { group, standing } = await this.#access.view(actor, data.groupId);
    permit(atLeast(standing, 'Admin'), 'Only admins see applications.');
    return { applications: await this.#d.groups.listApplications(actor.app.sdkAppId, group.groupId) };
  }

  async respond(actor: Actor, data: OpData<'group.respond'>): Promise<OpResults['group.respond']> {
    const { app } = actor;
    const { group, standing } = await this.#access.view(actor, data.groupId);
    permit(atLeast(standing, 'Admin'), 'Only admins handle applications.');
    if (!(await this.#d.groups.takeApplication(app.sdkAppId, group.groupId, data.userId))) {
      throw new ParleyError('GROUP_APPLICATION_HANDLED');
    }
    if (data.accept) await this.#admit(app, group, [data.userId], actor, 'Apply');
    this.#d.delivery.push(app.sdkAppId, [{ userId: data.userId }], 'groupApplicationHandled', {
      groupId: group.groupId,
      accepted: data.accept,
      by: actor.userId,
    });
    return { groupId: group.groupId, userId: data.userId, status: data.accept ? 'joined' : 'rejected' };
  }

  async invite(actor: Actor, data: OpData<'group.invite'>): Promise<OpResults['group.invite']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.view(actor, data.groupId);
    if (!rules.storesMembers) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: 'AVChatRoom members join by themselves.',
      });
    }
    const floor: Standing =
      rules.invite === 'any-member' ? 'Member' : rules.invite === 'admins' ? 'Admin' : 'AppAdmin';
    permit(
      atLeast(standing, floor),
      `Members of a ${group.type} group are added by ${floor === 'AppAdmin' ? 'the app admin' : 'its admins'}.`,
    );
    const userIds = [...new Set(data.userIds)];
    const existing = await this.#d.groups.getMembers(app.sdkAppId, group.groupId, userIds);
    const alreadyMembers = existing.map((member) => member.userId);
    const newcomers = userIds.filter((userId) => !alreadyMembers.includes(userId));
    if (newcomers.length === 0) return { groupId: group.groupId, added: [], alreadyMembers };
    for (const userId of newcomers) {
      if (!(await this.#d.accounts.get(app.sdkAppId, userId))) {
        throw new ParleyError('GROUP_USER_NOT_FOUND', { detail: `The user "${userId}" does not exist.` });
      }
    }
    const verdict = await this.#d.hooks.beforeInviteJoin(app, group, newcomers, contextOf(actor));
    if (verdict.action === 'reject') throw rejection(verdict);
    const added = await this.#admit(app, group, newcomers, actor, 'Invited');
    return { groupId: group.groupId, added, alreadyMembers };
  }

  async kick(actor: Actor, data: OpData<'group.kick'>): Promise<OpResults['group.kick']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.view(actor, data.groupId);
    if (rules.kick === 'none') {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
        detail: 'AVChatRoom members are muted, not removed.',
      });
    }
    permit(atLeast(standing, rules.kick === 'owner' ? 'Owner' : 'Admin'), 'The user may not remove members.');
    const targets = await this.#d.groups.getMembers(app.sdkAppId, group.groupId, [...new Set(data.userIds)]);
    for (const target of targets) {
      permit(outranks(standing, target.role), `"${target.userId}" may not be removed by this user.`);
    }
    const removed = await this.#d.groups.removeMembers(
      app.sdkAppId,
      group.groupId,
      targets.map((target) => target.userId),
    );
    if (removed.length > 0) {
      await this.#forgetTopicReads(group, removed);
      this.#d.delivery.removeFromRoster(app.sdkAppId, group.groupId, removed);
      await this.#tips.post(app, group, 'Kick', actor.userId, { userIds: removed, alsoTell: removed });
      this.#d.hooks.afterMemberExit(app, group, removed, 'Kicked', contextOf(actor));
    }
    return { groupId: group.groupId, removed };
  }

  async quit(actor: Actor, data: OpData<'group.quit'>): Promise<OpResults['group.quit']> {
    const { app } = actor;
    const view = await this.#access.view(actor, data.groupId);
    const { group, rules } = view;
    const isOwner = group.ownerId === actor.userId;
    if (isOwner && !rules.ownerMayQuit) throw new ParleyError('GROUP_OWNER_CANNOT_QUIT');
    if (rules.storesMembers) {
      if (!view.member)
        throw new ParleyError('GROUP_PERMISSION_DENIED', { detail: 'The user is not a member.' });
      await this.#d.groups.removeMembers(app.sdkAppId, group.groupId, [actor.userId]);
      await this.#forgetTopicReads(group, [actor.userId]);
      if (isOwner)
        await this.#d.groups.update(app.sdkAppId, group.groupId, { ownerId: null }, this.#d.clock.now());
    } else if (view.standing === 'None' || view.standing === 'AppAdmin') {
      throw new ParleyError('GROUP_PERMISSION_DENIED', { detail: 'The user is not in this AVChatRoom.' });
    }
    this.#d.delivery.removeFromRoster(app.sdkAppId, group.groupId, [actor.userId]);
    await this.#tips.post(app, group, 'Quit', actor.userId, {
      userIds: [actor.userId],
      alsoTell: [actor.userId],
    });
    this.#d.hooks.afterMemberExit(app, group, [actor.userId], 'Quit', contextOf(actor));
    return { groupId: group.groupId };
  }

  /** A member who left a community keeps no read positions in its topics (rejoining starts them afresh). */
  async #forgetTopicReads(group: GroupRecord, userIds: readonly string[]): Promise<void> {
    if (!group.supportTopic || !this.#d.topics) return;
    for (const userId of userIds) await this.#d.topics.forgetReader(group.sdkAppId, group.groupId, userId);
  }

  async members(actor: Actor, data: OpData<'group.members'>): Promise<OpResults['group.members']> {
    const { app } = actor;
    const { group, rules, standing } = await this.#access.asMember(actor, data.groupId);
    if (!rules.storesMembers) {
      throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', { detail: 'AVChatRoom members are not listed.' });
    }
    const rows = await this.#d.groups.listMembers(app.sdkAppId, group.groupId, data.after, data.limit + 1);
    const page = rows.slice(0, data.limit);
    const now = this.#d.clock.now();
    const reader = { userId: actor.userId, standing };
    const last = page.at(-1);
    return {
      members: page.map((member) => toMemberInfo(app.config, member, reader, now)),
      ...(rows.length > data.limit && last ? { next: last.userId } : {}),
    };
  }

  async setMember(actor: Actor, data: OpData<'group.setMember'>): Promise<OpResults['group.setMember']> {
    const { app } = actor;
    const view = await this.#access.view(actor, data.groupId);
    const { group, rules, standing } = view;
    const self = data.userId === actor.userId;
    const now = this.#d.clock.now();
    let [target] = await this.#d.groups.getMembers(app.sdkAppId, group.groupId, [data.userId]);
    if (!rules.storesMembers) {
      // An AVChatRoom keeps member rows only for muted users; nothing else can be set.
      if (
        data.role !== undefined ||
        data.nameCard !== undefined ||
        data.msgFlag !== undefined ||
        data.customFields
      ) {
        throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
          detail: 'Only mutes are set in an AVChatRoom.',
        });
      }
      permit(atLeast(standing, 'Owner'), 'Only the owner and app admins mute in an AVChatRoom.');
      if (!target) {
        await this.#d.groups.addMembers(
          app.sdkAppId,
          group.groupId,
          [newMember(data.userId, 'Member', now, 0)],
          Number.MAX_SAFE_INTEGER,
        );
        [target] = await this.#d.groups.getMembers(app.sdkAppId, group.groupId, [data.userId]);
      }
    }
    if (!target)
      throw new ParleyError('GROUP_INVALID_PARAMETER', { detail: `"${data.userId}" is not a member.` });
    const patch: MemberPatch = {};
    if (data.role !== undefined) {
      if (!rules.admins)
        throw new ParleyError('GROUP_UNSUPPORTED_OPERATION', {
          detail: `${group.type} groups have no admins.`,
        });
      permit(atLeast(standing, 'Owner'), 'Only the owner appoints admins.');
      if (target.role === 'Owner')
        throw new ParleyError('GROUP_INVALID_PARAMETER', {
          detail: 'The owner’s role is changed by a transfer.',
        });
      patch.role = data.role;
    }
    if (data.nameCard !== undefined) {
      permit(
        self || outranks(standing, target.role),
        'Only the member or an admin above them may set a name card.',
      );
      patch.nameCard = data.nameCard;
    }
    if (data.muteSeconds !== undefined) {
      permit(
        atLeast(standing, 'Admin') && outranks(standing, target.role),
        'The user may not mute this member.',
      );
      patch.mutedUntil = data.muteSeconds === 0 ? null : now + data.muteSeconds * 1000;
    }
    if (data.msgFlag !== undefined) {
      permit(self, 'Only the member sets how they receive messages.');
      patch.msgFlag = data.msgFlag;
    }
    if (data.customFields) {
      assertMemberFieldsWritable(app.config, data.customFields, {
        standing: self && standing === 'Member' ? 'Member' : standing,
        self,
      });
      if (!self)
        permit(
          outranks(standing, target.role) || standing === 'AppAdmin',
          'The user may not edit this member.',
        );
      patch.customFields = data.customFields;
    }
    const updated = await this.#d.groups.updateMember(app.sdkAppId, group.groupId, data.userId, patch);
    if (!updated)
      throw new ParleyError('GROUP_INVALID_PARAMETER', { detail: `"${data.userId}" is not a member.` });
    if (patch.role !== undefined && patch.role !== target.role) {
      await this.#tips.post(app, group, patch.role === 'Admin' ? 'SetAdmin' : 'CancelAdmin', actor.userId, {
        userIds: [data.userId],
      });
    }
    if (data.muteSeconds !== undefined) {
      await this.#tips.post(app, group, 'MemberMute', actor.userId, {
        userIds: [data.userId],
        changes: { muteSeconds: data.muteSeconds },
      });
    }
    if (patch.msgFlag !== undefined) {
      if (patch.msgFlag === 'Discard')
        this.#d.delivery.removeFromRoster(app.sdkAppId, group.groupId, [data.userId]);
      else this.#d.delivery.addToRoster(app.sdkAppId, group.groupId, [data.userId]);
    }
    return { member: toMemberInfo(app.config, updated, { userId: actor.userId, standing }, now) };
  }

  /** Adds users to a group within its limits, tells everyone, and fires the callbacks. Returns who was added. */
  async #admit(
    app: RuntimeApp,
    group: GroupRecord,
    userIds: string[],
    actor: Actor,
    joinType: JoinType,
  ): Promise<string[]> {
    const rules = rulesOf(group.type);
    let added = userIds;
    if (rules.storesMembers) {
      await assertRoomForGroups(this.#d.groups, app, userIds);
      const [lastSeq = 0] = await this.#d.log.lastSeqs(app.sdkAppId, [groupConversationId(group.groupId)]);
      const now = this.#d.clock.now();
      const result = await this.#d.groups.addMembers(
        app.sdkAppId,
        group.groupId,
        userIds.map((userId) => newMember(userId, 'Member', now, lastSeq)),
        group.maxMembers,
      );
      if (result.full) {
        this.#d.hooks.afterGroupFull(app, group, contextOf(actor));
        throw new ParleyError('GROUP_FULL');
      }
      added = result.added;
      if (added.length === 0) throw new ParleyError('GROUP_ALREADY_MEMBER');
    }
    this.#d.delivery.addToRoster(app.sdkAppId, group.groupId, added);
    await this.#tips.post(app, group, 'Join', actor.userId, { userIds: added });
    this.#d.hooks.afterNewMemberJoin(app, group, added, joinType, contextOf(actor));
    return added;
  }

  /** The owner and admins of a group, who handle its applications. */
  async #approvers(app: RuntimeApp, group: GroupRecord): Promise<string[]> {
    const approvers: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.#d.groups.listMembers(app.sdkAppId, group.groupId, after, 500);
      for (const member of page) if (member.role !== 'Member') approvers.push(member.userId);
      if (page.length < 500) return approvers;
      after = page.at(-1)?.userId;
    }
  }
}

/** Whether a standing may act on a member of `role`: admins on members, the owner on admins, app admins on all. */
function outranks(standing: Standing, role: GroupView['standing']): boolean {
  if (standing === 'AppAdmin') return role !== 'AppAdmin';
  if (standing === 'Owner') return role === 'Admin' || role === 'Member';
  if (standing === 'Admin') return role === 'Member';
  return false;
}
