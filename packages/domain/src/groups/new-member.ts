import type { RuntimeApp } from '@parley/app-config';
import { type GroupRole, ParleyError } from '@parley/protocol';
import type { GroupMemberRecord, GroupStore } from '../ports/group-store.ts';

/** A member row as a join creates it. `joinSeq` is the group's lastSeq at the time (pre-join history). */
export function newMember(userId: string, role: GroupRole, now: number, joinSeq: number): GroupMemberRecord {
  return {
    userId,
    role,
    joinedAt: now,
    joinSeq,
    nameCard: '',
    mutedUntil: null,
    msgFlag: 'AcceptAndNotify',
    readSeq: joinSeq,
    customFields: {},
  };
}

/** GROUP_TOO_MANY_JOINED when any of the users already belongs to as many groups as the plan allows. */
export async function assertRoomForGroups(
  groups: GroupStore,
  app: RuntimeApp,
  userIds: readonly string[],
): Promise<void> {
  const max = app.config.plan.maxGroupsPerUser;
  for (const userId of userIds) {
    if ((await groups.countMemberships(app.sdkAppId, userId)) >= max) {
      throw new ParleyError('GROUP_TOO_MANY_JOINED', {
        detail: `"${userId}" already belongs to ${max} groups, the plan's limit.`,
      });
    }
  }
}
