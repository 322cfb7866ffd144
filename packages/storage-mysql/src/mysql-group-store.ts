// Over 300 lines: one GroupStore adapter; its row mapping is already in a file of its own.
import type { GroupStore } from '@parley/domain';
import type { GroupType } from '@parley/protocol';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { isDuplicateKey } from './mysql-errors.ts';
import {
  countOf,
  firstOfEach,
  GROUP_KEY,
  insertMembers,
  lockGroup,
  MEMBER_KEY,
  selectGroup,
  selectMember,
  type UserIdRow,
} from './mysql-group-queries.ts';
import {
  GROUP_COLUMNS,
  type GroupRow,
  groupAssignments,
  groupValues,
  MEMBER_COLUMNS,
  type MemberRow,
  memberAssignments,
  toGroup,
  toMember,
} from './mysql-group-rows.ts';
import { DEFAULT_QUERY_TIMEOUT_MS, type Sql, sqlOn, withTransaction } from './mysql-sql.ts';
import { deleteAppRows, userIdOf } from './user-relations.ts';

export interface MysqlGroupStoreDeps {
  pool: Pool;
  queryTimeoutMs?: number;
}

interface ApplicationRow extends RowDataPacket {
  user_id: Buffer;
  wording: string;
  created_at: number;
}

/**
 * Groups, members and join applications in MySQL (tables `chat_groups`, `group_members`, `group_applications`,
 * see infra/mysql/003_groups.sql). The pool belongs to the caller.
 *
 * Writes to a group's members, ownership and applications first lock the group's row (see lockGroup): the
 * maxMembers check and the insert of addMembers are one atomic step across nodes.
 */
export function createMysqlGroupStore({
  pool,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
}: MysqlGroupStoreDeps): GroupStore {
  const sql = sqlOn(pool, queryTimeoutMs);
  const transaction = <T>(work: (tx: Sql) => Promise<T>) => withTransaction(pool, queryTimeoutMs, work);

  return {
    async create(group, members) {
      return transaction(async (tx) => {
        try {
          await tx.exec(`INSERT INTO chat_groups (${GROUP_COLUMNS}) VALUES (?)`, [groupValues(group)]);
        } catch (error) {
          // Only the statement failed: the transaction commits having written nothing.
          if (isDuplicateKey(error)) return false;
          throw error;
        }
        await insertMembers(tx, group.sdkAppId, group.groupId, firstOfEach(members));
        return true;
      });
    },

    get: (sdkAppId, groupId) => selectGroup(sql, sdkAppId, groupId),

    async update(sdkAppId, groupId, patch, at) {
      return transaction(async (tx) => {
        const current = await selectGroup(tx, sdkAppId, groupId, true);
        if (!current) return undefined;
        const { set, values } = groupAssignments(patch, current);
        await tx.exec(`UPDATE chat_groups SET ${[...set, 'updated_at = ?'].join(', ')} WHERE ${GROUP_KEY}`, [
          ...values,
          at,
          sdkAppId,
          groupId,
        ]);
        return selectGroup(tx, sdkAppId, groupId);
      });
    },

    async destroy(sdkAppId, groupId) {
      return transaction(async (tx) => {
        const { affectedRows } = await tx.exec(`DELETE FROM chat_groups WHERE ${GROUP_KEY}`, [
          sdkAppId,
          groupId,
        ]);
        if (affectedRows === 0) return false;
        await tx.exec(`DELETE FROM group_members WHERE ${GROUP_KEY}`, [sdkAppId, groupId]);
        await tx.exec(`DELETE FROM group_applications WHERE ${GROUP_KEY}`, [sdkAppId, groupId]);
        return true;
      });
    },

    async list(sdkAppId, after, limit) {
      const rows = await sql.rows<GroupRow>(
        `SELECT ${GROUP_COLUMNS} FROM chat_groups WHERE sdk_app_id = ? AND group_id > ? ORDER BY group_id LIMIT ?`,
        [sdkAppId, after ?? '', limit],
      );
      return rows.map(toGroup);
    },

    async addMembers(sdkAppId, groupId, members, maxMembers) {
      const unique = firstOfEach(members);
      return transaction(async (tx) => {
        // Adds to this group wait here for each other, on every node. The plain reads below come after the
        // lock, and InnoDB takes a transaction's snapshot at its first plain read: they see every add before.
        if (!(await lockGroup(tx, sdkAppId, groupId)) || unique.length === 0) {
          return { added: [], alreadyMembers: [], full: false };
        }
        const rows = await tx.rows<UserIdRow>(
          `SELECT user_id FROM group_members WHERE ${GROUP_KEY} AND user_id IN (?)`,
          [sdkAppId, groupId, unique.map((m) => m.userId)],
        );
        const present = new Set(rows.map((row) => userIdOf(row.user_id)));
        const fresh = unique.filter((m) => !present.has(m.userId));
        const alreadyMembers = unique.filter((m) => present.has(m.userId)).map((m) => m.userId);
        if (fresh.length === 0) return { added: [], alreadyMembers, full: false };
        const current = await countOf(tx, `SELECT COUNT(*) AS n FROM group_members WHERE ${GROUP_KEY}`, [
          sdkAppId,
          groupId,
        ]);
        if (current + fresh.length > maxMembers) return { added: [], alreadyMembers, full: true };
        await insertMembers(tx, sdkAppId, groupId, fresh);
        return { added: fresh.map((m) => m.userId), alreadyMembers, full: false };
      });
    },

    async removeMembers(sdkAppId, groupId, userIds) {
      if (userIds.length === 0) return [];
      const unique = [...new Set(userIds)];
      return transaction(async (tx) => {
        if (!(await lockGroup(tx, sdkAppId, groupId))) return [];
        const rows = await tx.rows<UserIdRow>(
          `SELECT user_id FROM group_members WHERE ${GROUP_KEY} AND user_id IN (?) FOR UPDATE`,
          [sdkAppId, groupId, unique],
        );
        const found = rows.map((row) => userIdOf(row.user_id));
        if (found.length > 0) {
          await tx.exec(`DELETE FROM group_members WHERE ${GROUP_KEY} AND user_id IN (?)`, [
            sdkAppId,
            groupId,
            found,
          ]);
        }
        await tx.exec(`DELETE FROM group_applications WHERE ${GROUP_KEY} AND user_id IN (?)`, [
          sdkAppId,
          groupId,
          unique,
        ]);
        return found;
      });
    },

    async getMembers(sdkAppId, groupId, userIds) {
      if (userIds.length === 0) return [];
      const rows = await sql.rows<MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM group_members WHERE ${GROUP_KEY} AND user_id IN (?) ORDER BY user_id`,
        [sdkAppId, groupId, [...new Set(userIds)]],
      );
      return rows.map(toMember);
    },

    async listMembers(sdkAppId, groupId, after, limit) {
      const rows = await sql.rows<MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM group_members WHERE ${GROUP_KEY} AND user_id > ?
         ORDER BY user_id LIMIT ?`,
        [sdkAppId, groupId, after ?? '', limit],
      );
      return rows.map(toMember);
    },

    memberCount: (sdkAppId, groupId) =>
      countOf(sql, `SELECT COUNT(*) AS n FROM group_members WHERE ${GROUP_KEY}`, [sdkAppId, groupId]),

    async updateMember(sdkAppId, groupId, userId, patch) {
      return transaction(async (tx) => {
        const current = await selectMember(tx, sdkAppId, groupId, userId, true);
        if (!current) return undefined;
        const { set, values } = memberAssignments(patch, current);
        if (set.length === 0) return current;
        await tx.exec(`UPDATE group_members SET ${set.join(', ')} WHERE ${MEMBER_KEY}`, [
          ...values,
          sdkAppId,
          groupId,
          userId,
        ]);
        return selectMember(tx, sdkAppId, groupId, userId);
      });
    },

    async markRead(sdkAppId, groupId, userId, seq) {
      await sql.exec(`UPDATE group_members SET read_seq = GREATEST(read_seq, ?) WHERE ${MEMBER_KEY}`, [
        seq,
        sdkAppId,
        groupId,
        userId,
      ]);
      return selectMember(sql, sdkAppId, groupId, userId);
    },

    async readers(sdkAppId, groupId, seq, read, limit) {
      const rows = await sql.rows<UserIdRow>(
        `SELECT user_id FROM group_members WHERE ${GROUP_KEY} AND read_seq ${read ? '>=' : '<'} ?
         ORDER BY user_id LIMIT ?`,
        [sdkAppId, groupId, seq, limit],
      );
      return rows.map((row) => userIdOf(row.user_id));
    },

    countReaders: (sdkAppId, groupId, seq) =>
      countOf(sql, `SELECT COUNT(*) AS n FROM group_members WHERE ${GROUP_KEY} AND read_seq >= ?`, [
        sdkAppId,
        groupId,
        seq,
      ]),

    async transferOwner(sdkAppId, groupId, from, to, at) {
      await transaction(async (tx) => {
        if (!(await lockGroup(tx, sdkAppId, groupId))) return;
        await tx.exec(`UPDATE chat_groups SET owner_id = ?, updated_at = ? WHERE ${GROUP_KEY}`, [
          to,
          at,
          sdkAppId,
          groupId,
        ]);
        const setRole = `UPDATE group_members SET role = ? WHERE ${MEMBER_KEY}`;
        if (from !== null && from !== to) await tx.exec(setRole, ['Member', sdkAppId, groupId, from]);
        await tx.exec(setRole, ['Owner', sdkAppId, groupId, to]);
      });
    },

    async memberships(sdkAppId, userId, limit) {
      const rows = await sql.rows<MemberRow & { group_id: Buffer; group_type: GroupType }>(
        `SELECT m.*, g.type AS group_type FROM group_members m
         JOIN chat_groups g ON g.sdk_app_id = m.sdk_app_id AND g.group_id = m.group_id
         WHERE m.sdk_app_id = ? AND m.user_id = ? ORDER BY m.joined_at DESC, m.group_id LIMIT ?`,
        [sdkAppId, userId, limit],
      );
      return rows.map((row) => ({
        groupId: userIdOf(row.group_id),
        type: row.group_type,
        member: toMember(row),
      }));
    },

    countMemberships: (sdkAppId, userId) =>
      countOf(sql, 'SELECT COUNT(*) AS n FROM group_members WHERE sdk_app_id = ? AND user_id = ?', [
        sdkAppId,
        userId,
      ]),

    async addApplication(sdkAppId, groupId, { userId, wording, createdAt }) {
      await transaction(async (tx) => {
        // Under the group's lock, so a destroy in between cannot leave an application behind.
        if (!(await lockGroup(tx, sdkAppId, groupId))) return;
        await tx.exec(
          `INSERT INTO group_applications (sdk_app_id, group_id, user_id, wording, created_at)
           VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE wording = ?, created_at = ?`,
          [sdkAppId, groupId, userId, wording, createdAt, wording, createdAt],
        );
      });
    },

    async listApplications(sdkAppId, groupId) {
      const rows = await sql.rows<ApplicationRow>(
        `SELECT user_id, wording, created_at FROM group_applications WHERE ${GROUP_KEY}
         ORDER BY created_at, user_id`,
        [sdkAppId, groupId],
      );
      return rows.map((row) => ({
        userId: userIdOf(row.user_id),
        wording: row.wording,
        createdAt: Number(row.created_at),
      }));
    },

    async takeApplication(sdkAppId, groupId, userId) {
      const { affectedRows } = await sql.exec(`DELETE FROM group_applications WHERE ${MEMBER_KEY}`, [
        sdkAppId,
        groupId,
        userId,
      ]);
      return affectedRows > 0;
    },

    async deleteApp(sdkAppId) {
      await deleteAppRows(sql, 'group_members', sdkAppId);
      await deleteAppRows(sql, 'group_applications', sdkAppId);
      return deleteAppRows(sql, 'chat_groups', sdkAppId);
    },

    // The pool is shared with the other stores; whoever called connectMysql ends it.
    async close() {},
  };
}
