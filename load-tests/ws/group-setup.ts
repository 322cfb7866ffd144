import { randomBytes } from 'node:crypto';
import { type AdminClient, loadTestAppConfig } from '../lib/admin-client.ts';
import type { GroupMemberSpec } from './group-load-generator.ts';

export interface GroupSetup {
  app: { sdkAppId: number; secretKey: string };
  /** Who logs in, in order, and to which group each sends. */
  members: GroupMemberSpec[];
  groupIds: string[];
}

/**
 * A fresh app with `groups` Work groups of `membersPerGroup` accounts each, created through the admin API (the
 * first account owns the group) before anyone logs in: every member receives the group's pushes from its login on.
 * Members are listed group by group.
 */
export async function setUpWorkGroups(
  admin: AdminClient,
  groups: number,
  membersPerGroup: number,
  parallel = 4,
): Promise<GroupSetup> {
  const run = randomBytes(3).toString('hex');
  const app = await admin.createApp(loadTestAppConfig);
  const userIds = Array.from({ length: groups * membersPerGroup }, (_, i) => `grp-${run}-${i}`);
  await admin.importUsers(app.sdkAppId, userIds);
  const groupIds = Array.from({ length: groups }, (_, g) => `load-${run}-${g}`);
  let next = 0;
  const worker = async () => {
    while (next < groups) {
      const g = next++;
      const [ownerId, ...members] = userIds.slice(g * membersPerGroup, (g + 1) * membersPerGroup);
      await createGroup(admin, app.sdkAppId, {
        type: 'Work',
        groupId: groupIds[g],
        name: `load ${g}`,
        ownerId,
        members,
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return {
    app,
    groupIds,
    members: userIds.map((userId, i) => ({
      userId,
      groupId: groupIds[Math.floor(i / membersPerGroup)] ?? '',
      join: false,
    })),
  };
}

/**
 * A fresh app with one AVChatRoom (owned by an account that stays offline) and `members` accounts, each of which
 * joins it after logging in: an AVChatRoom's members are its online sessions.
 */
export async function setUpAvChatRoom(admin: AdminClient, members: number): Promise<GroupSetup> {
  const run = randomBytes(3).toString('hex');
  const app = await admin.createApp(loadTestAppConfig);
  const ownerId = `av-${run}-owner`;
  const userIds = Array.from({ length: members }, (_, i) => `av-${run}-${i}`);
  await admin.importUsers(app.sdkAppId, [ownerId, ...userIds]);
  const groupId = `room-${run}`;
  await createGroup(admin, app.sdkAppId, { type: 'AVChatRoom', groupId, name: 'load room', ownerId });
  return { app, groupIds: [groupId], members: userIds.map((userId) => ({ userId, groupId, join: true })) };
}

async function createGroup(
  admin: AdminClient,
  sdkAppId: number,
  body: Record<string, unknown>,
): Promise<void> {
  const { status, text } = await admin.request('POST', `/v1/apps/${sdkAppId}/groups`, body);
  if (status !== 201) throw new Error(`creating group ${String(body.groupId)} failed: ${status} ${text}`);
}
