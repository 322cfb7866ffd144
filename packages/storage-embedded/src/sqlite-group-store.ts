// Over 300 lines: one GroupStore adapter; its row mapping is already in a file of its own.
import type {
  GroupApplication,
  GroupMemberRecord,
  GroupPatch,
  GroupRecord,
  GroupStore,
  MemberPatch,
} from '@parley/domain';
import type { GroupType } from '@parley/protocol';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';
import {
  fromGroupRow,
  fromMemberRow,
  GROUP_COLUMNS,
  type GroupRow,
  MEMBER_COLUMNS,
  type MemberRow,
  mapColumns,
  mergeFields,
} from './sqlite-group-rows.ts';

const GROUP_KEY = 'sdk_app_id = ? AND group_id = ?';
const MEMBER_KEY = 'sdk_app_id = ? AND group_id = ? AND user_id = ?';
/** A list of user IDs bound as one JSON array parameter, so each statement is prepared once. */
const IN_USERS = 'user_id IN (SELECT value FROM json_each(?))';

export function createSqliteGroupStore({ db }: { db: EmbeddedDatabase }): GroupStore {
  const s = {
    insertGroup: db.prepare(
      `INSERT INTO groups (sdk_app_id, group_id, type, name, introduction, notification, face_url, owner_id,
         apply_join_option, max_members, mute_all, custom_fields, support_topic, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    insertMember: db.prepare(
      `INSERT INTO group_members (sdk_app_id, group_id, user_id, role, joined_at, join_seq, name_card,
         muted_until, msg_flag, read_seq, custom_fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    getGroup: db.prepare(`SELECT * FROM groups WHERE ${GROUP_KEY}`),
    list: db.prepare('SELECT * FROM groups WHERE sdk_app_id = ? AND group_id > ? ORDER BY group_id LIMIT ?'),
    deleteGroup: db.prepare(`DELETE FROM groups WHERE ${GROUP_KEY}`),
    deleteAllMembers: db.prepare(`DELETE FROM group_members WHERE ${GROUP_KEY}`),
    deleteAllApplications: db.prepare(`DELETE FROM group_applications WHERE ${GROUP_KEY}`),
    getMember: db.prepare(`SELECT * FROM group_members WHERE ${MEMBER_KEY}`),
    getMembers: db.prepare(`SELECT * FROM group_members WHERE ${GROUP_KEY} AND ${IN_USERS} ORDER BY user_id`),
    deleteMember: db.prepare(`DELETE FROM group_members WHERE ${MEMBER_KEY}`),
    deleteApplication: db.prepare(`DELETE FROM group_applications WHERE ${MEMBER_KEY}`),
    listMembers: db.prepare(
      `SELECT * FROM group_members WHERE ${GROUP_KEY} AND user_id > ? ORDER BY user_id LIMIT ?`,
    ),
    memberCount: db.prepare(`SELECT COUNT(*) AS n FROM group_members WHERE ${GROUP_KEY}`),
    setMemberCustomFields: db.prepare(`UPDATE group_members SET custom_fields = ? WHERE ${MEMBER_KEY}`),
    setGroupCustomFields: db.prepare(`UPDATE groups SET custom_fields = ? WHERE ${GROUP_KEY}`),
    touchGroup: db.prepare(`UPDATE groups SET updated_at = ? WHERE ${GROUP_KEY}`),
    markRead: db.prepare(`UPDATE group_members SET read_seq = MAX(read_seq, ?) WHERE ${MEMBER_KEY}`),
    readers: db.prepare(
      `SELECT user_id FROM group_members WHERE ${GROUP_KEY} AND read_seq >= ? ORDER BY user_id LIMIT ?`,
    ),
    unreaders: db.prepare(
      `SELECT user_id FROM group_members WHERE ${GROUP_KEY} AND read_seq < ? ORDER BY user_id LIMIT ?`,
    ),
    countReaders: db.prepare(`SELECT COUNT(*) AS n FROM group_members WHERE ${GROUP_KEY} AND read_seq >= ?`),
    setOwner: db.prepare(`UPDATE groups SET owner_id = ?, updated_at = ? WHERE ${GROUP_KEY}`),
    setRole: db.prepare(`UPDATE group_members SET role = ? WHERE ${MEMBER_KEY}`),
    memberships: db.prepare(
      `SELECT g.type AS group_type, m.* FROM group_members m
       JOIN groups g ON g.sdk_app_id = m.sdk_app_id AND g.group_id = m.group_id
       WHERE m.sdk_app_id = ? AND m.user_id = ? ORDER BY m.joined_at DESC, m.group_id LIMIT ?`,
    ),
    countMemberships: db.prepare(
      'SELECT COUNT(*) AS n FROM group_members WHERE sdk_app_id = ? AND user_id = ?',
    ),
    putApplication: db.prepare(
      `INSERT INTO group_applications (sdk_app_id, group_id, user_id, wording, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sdk_app_id, group_id, user_id) DO UPDATE SET wording = excluded.wording, created_at = excluded.created_at`,
    ),
    listApplications: db.prepare(
      `SELECT user_id, wording, created_at FROM group_applications WHERE ${GROUP_KEY} ORDER BY created_at, user_id`,
    ),
  };
  const setGroupColumn = mapColumns(GROUP_COLUMNS, (column) =>
    db.prepare(`UPDATE groups SET ${column} = ? WHERE ${GROUP_KEY}`),
  );
  const setMemberColumn = mapColumns(MEMBER_COLUMNS, (column) =>
    db.prepare(`UPDATE group_members SET ${column} = ? WHERE ${MEMBER_KEY}`),
  );
  const deleteAppStatements = ['group_members', 'group_applications'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE sdk_app_id = ?`),
  );
  const deleteAppGroups = db.prepare('DELETE FROM groups WHERE sdk_app_id = ?');

  const exists = (sdkAppId: number, groupId: string) => s.getGroup.get(sdkAppId, groupId) !== undefined;
  const getGroup = (sdkAppId: number, groupId: string) => {
    const row = s.getGroup.get(sdkAppId, groupId) as GroupRow | undefined;
    return row ? fromGroupRow(row) : undefined;
  };
  const getMember = (sdkAppId: number, groupId: string, userId: string) => {
    const row = s.getMember.get(sdkAppId, groupId, userId) as MemberRow | undefined;
    return row ? fromMemberRow(row) : undefined;
  };
  const count = (sdkAppId: number, groupId: string) =>
    (s.memberCount.get(sdkAppId, groupId) as { n: number }).n;
  const memberRows = (sdkAppId: number, groupId: string, userIds: string[]) =>
    s.getMembers.all(sdkAppId, groupId, JSON.stringify(userIds)) as MemberRow[];
  const insertMember = (sdkAppId: number, groupId: string, m: GroupMemberRecord) =>
    s.insertMember.run(
      sdkAppId,
      groupId,
      m.userId,
      m.role,
      m.joinedAt,
      m.joinSeq,
      m.nameCard,
      m.mutedUntil,
      m.msgFlag,
      m.readSeq,
      JSON.stringify(m.customFields),
    ).changes > 0;

  const createTx = db.transaction((group: GroupRecord, members: GroupMemberRecord[]) => {
    const g = group;
    const inserted =
      s.insertGroup.run(
        g.sdkAppId,
        g.groupId,
        g.type,
        g.name,
        g.introduction,
        g.notification,
        g.faceUrl,
        g.ownerId,
        g.applyJoinOption,
        g.maxMembers,
        g.muteAll ? 1 : 0,
        JSON.stringify(g.customFields),
        g.supportTopic ? 1 : 0,
        g.createdAt,
        g.updatedAt,
      ).changes > 0;
    if (!inserted) return false;
    for (const member of members) insertMember(g.sdkAppId, g.groupId, member);
    return true;
  });

  const updateTx = db.transaction((sdkAppId: number, groupId: string, patch: GroupPatch, at: number) => {
    const before = getGroup(sdkAppId, groupId);
    if (!before) return undefined;
    for (const key of Object.keys(GROUP_COLUMNS) as (keyof typeof GROUP_COLUMNS)[]) {
      const value = patch[key];
      if (value === undefined) continue;
      setGroupColumn[key].run(typeof value === 'boolean' ? Number(value) : value, sdkAppId, groupId);
    }
    if (patch.customFields) {
      s.setGroupCustomFields.run(
        JSON.stringify(mergeFields(before.customFields, patch.customFields)),
        sdkAppId,
        groupId,
      );
    }
    s.touchGroup.run(at, sdkAppId, groupId);
    return getGroup(sdkAppId, groupId);
  });

  const destroyTx = db.transaction((sdkAppId: number, groupId: string) => {
    if (s.deleteGroup.run(sdkAppId, groupId).changes === 0) return false;
    s.deleteAllMembers.run(sdkAppId, groupId);
    s.deleteAllApplications.run(sdkAppId, groupId);
    return true;
  });

  const addMembersTx = db.transaction(
    (sdkAppId: number, groupId: string, members: GroupMemberRecord[], maxMembers: number) => {
      const none = { added: [], alreadyMembers: [], full: false };
      if (!exists(sdkAppId, groupId)) return none;
      const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
      const present = new Set(
        memberRows(
          sdkAppId,
          groupId,
          unique.map((m) => m.userId),
        ).map((m) => m.user_id),
      );
      const fresh = unique.filter((m) => !present.has(m.userId));
      const alreadyMembers = unique.filter((m) => present.has(m.userId)).map((m) => m.userId);
      if (fresh.length > 0 && count(sdkAppId, groupId) + fresh.length > maxMembers) {
        return { added: [], alreadyMembers, full: true };
      }
      for (const member of fresh) insertMember(sdkAppId, groupId, member);
      return { added: fresh.map((m) => m.userId), alreadyMembers, full: false };
    },
  );

  const removeMembersTx = db.transaction((sdkAppId: number, groupId: string, userIds: string[]) =>
    [...new Set(userIds)].filter((userId) => {
      s.deleteApplication.run(sdkAppId, groupId, userId);
      return s.deleteMember.run(sdkAppId, groupId, userId).changes > 0;
    }),
  );

  const updateMemberTx = db.transaction(
    (sdkAppId: number, groupId: string, userId: string, patch: MemberPatch) => {
      const before = getMember(sdkAppId, groupId, userId);
      if (!before) return undefined;
      for (const key of Object.keys(MEMBER_COLUMNS) as (keyof typeof MEMBER_COLUMNS)[]) {
        const value = patch[key];
        if (value === undefined) continue;
        setMemberColumn[key].run(value, sdkAppId, groupId, userId);
      }
      if (patch.customFields) {
        const merged = mergeFields(before.customFields, patch.customFields);
        s.setMemberCustomFields.run(JSON.stringify(merged), sdkAppId, groupId, userId);
      }
      return getMember(sdkAppId, groupId, userId);
    },
  );

  const markReadTx = db.transaction((sdkAppId: number, groupId: string, userId: string, seq: number) => {
    s.markRead.run(seq, sdkAppId, groupId, userId);
    return getMember(sdkAppId, groupId, userId);
  });

  const transferTx = db.transaction(
    (sdkAppId: number, groupId: string, from: string | null, to: string, at: number) => {
      if (s.setOwner.run(to, at, sdkAppId, groupId).changes === 0) return;
      if (from !== null && from !== to) s.setRole.run('Member', sdkAppId, groupId, from);
      s.setRole.run('Owner', sdkAppId, groupId, to);
    },
  );

  const addApplicationTx = db.transaction((sdkAppId: number, groupId: string, a: GroupApplication) => {
    if (exists(sdkAppId, groupId)) s.putApplication.run(sdkAppId, groupId, a.userId, a.wording, a.createdAt);
  });

  const deleteAppTx = db.transaction((sdkAppId: number) => {
    for (const statement of deleteAppStatements) statement.run(sdkAppId);
    return deleteAppGroups.run(sdkAppId).changes;
  });

  return {
    create: (group, members) => sqliteCall(() => createTx.immediate(group, members)),
    get: (sdkAppId, groupId) => sqliteCall(() => getGroup(sdkAppId, groupId)),
    update: (sdkAppId, groupId, patch, at) =>
      sqliteCall(() => updateTx.immediate(sdkAppId, groupId, patch, at)),
    destroy: (sdkAppId, groupId) => sqliteCall(() => destroyTx.immediate(sdkAppId, groupId)),
    list: (sdkAppId, after, limit) =>
      sqliteCall(() => (s.list.all(sdkAppId, after ?? '', limit) as GroupRow[]).map(fromGroupRow)),
    addMembers: (sdkAppId, groupId, members, maxMembers) =>
      sqliteCall(() => addMembersTx.immediate(sdkAppId, groupId, members, maxMembers)),
    removeMembers: (sdkAppId, groupId, userIds) =>
      sqliteCall(() => removeMembersTx.immediate(sdkAppId, groupId, userIds)),
    getMembers: (sdkAppId, groupId, userIds) =>
      sqliteCall(() => memberRows(sdkAppId, groupId, userIds).map(fromMemberRow)),
    listMembers: (sdkAppId, groupId, after, limit) =>
      sqliteCall(() =>
        (s.listMembers.all(sdkAppId, groupId, after ?? '', limit) as MemberRow[]).map(fromMemberRow),
      ),
    memberCount: (sdkAppId, groupId) => sqliteCall(() => count(sdkAppId, groupId)),
    updateMember: (sdkAppId, groupId, userId, patch) =>
      sqliteCall(() => updateMemberTx.immediate(sdkAppId, groupId, userId, patch)),
    markRead: (sdkAppId, groupId, userId, seq) =>
      sqliteCall(() => markReadTx.immediate(sdkAppId, groupId, userId, seq)),
    readers: (sdkAppId, groupId, seq, read, limit) =>
      sqliteCall(() =>
        ((read ? s.readers : s.unreaders).all(sdkAppId, groupId, seq, limit) as { user_id: string }[]).map(
          (row) => row.user_id,
        ),
      ),
    countReaders: (sdkAppId, groupId, seq) =>
      sqliteCall(() => (s.countReaders.get(sdkAppId, groupId, seq) as { n: number }).n),
    transferOwner: (sdkAppId, groupId, from, to, at) =>
      sqliteCall(() => transferTx.immediate(sdkAppId, groupId, from, to, at)),
    memberships: (sdkAppId, userId, limit) =>
      sqliteCall(() =>
        (
          s.memberships.all(sdkAppId, userId, limit) as (MemberRow & {
            group_id: string;
            group_type: GroupType;
          })[]
        ).map((row) => ({ groupId: row.group_id, type: row.group_type, member: fromMemberRow(row) })),
      ),
    countMemberships: (sdkAppId, userId) =>
      sqliteCall(() => (s.countMemberships.get(sdkAppId, userId) as { n: number }).n),
    addApplication: (sdkAppId, groupId, application) =>
      sqliteCall(() => addApplicationTx.immediate(sdkAppId, groupId, application)),
    listApplications: (sdkAppId, groupId) =>
      sqliteCall(() =>
        (
          s.listApplications.all(sdkAppId, groupId) as {
            user_id: string;
            wording: string;
            created_at: number;
          }[]
        ).map((row) => ({ userId: row.user_id, wording: row.wording, createdAt: row.created_at })),
      ),
    takeApplication: (sdkAppId, groupId, userId) =>
      sqliteCall(() => s.deleteApplication.run(sdkAppId, groupId, userId).changes > 0),
    deleteApp: (sdkAppId) => sqliteCall(() => deleteAppTx.immediate(sdkAppId)),
    close: async () => {},
  };
}
