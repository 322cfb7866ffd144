/** The statements the MySQL GroupStore's methods share, each on a pool or inside a transaction. */
import type { GroupMemberRecord } from '@parley/domain';
import type { RowDataPacket } from 'mysql2/promise';
import {
  GROUP_COLUMNS,
  type GroupRow,
  MEMBER_COLUMNS,
  type MemberRow,
  memberValues,
  toGroup,
  toMember,
} from './mysql-group-rows.ts';
import type { Sql } from './mysql-sql.ts';

export const GROUP_KEY = 'sdk_app_id = ? AND group_id = ?';
export const MEMBER_KEY = `${GROUP_KEY} AND user_id = ?`;

export interface UserIdRow extends RowDataPacket {
  user_id: Buffer;
}

interface CountRow extends RowDataPacket {
  n: number;
}

/**
 * Locks the group's row until the transaction ends; false when there is no such group. Every transaction
 * that changes a group's members, ownership or applications takes this lock first, so writes to one group
 * are serialised across nodes and always lock group, then members, then applications.
 */
export async function lockGroup(tx: Sql, sdkAppId: number, groupId: string): Promise<boolean> {
  const rows = await tx.rows(`SELECT 1 FROM chat_groups WHERE ${GROUP_KEY} FOR UPDATE`, [sdkAppId, groupId]);
  return rows.length > 0;
}

/** The group, locked until the transaction ends when `forUpdate`. */
export async function selectGroup(sql: Sql, sdkAppId: number, groupId: string, forUpdate = false) {
  const [row] = await sql.rows<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM chat_groups WHERE ${GROUP_KEY}${forUpdate ? ' FOR UPDATE' : ''}`,
    [sdkAppId, groupId],
  );
  return row ? toGroup(row) : undefined;
}

/** The member, locked until the transaction ends when `forUpdate`. */
export async function selectMember(
  sql: Sql,
  sdkAppId: number,
  groupId: string,
  userId: string,
  forUpdate = false,
) {
  const [row] = await sql.rows<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM group_members WHERE ${MEMBER_KEY}${forUpdate ? ' FOR UPDATE' : ''}`,
    [sdkAppId, groupId, userId],
  );
  return row ? toMember(row) : undefined;
}

/** The `n` of a `SELECT COUNT(*) AS n …`. */
export async function countOf(sql: Sql, query: string, values: unknown[]): Promise<number> {
  const [row] = await sql.rows<CountRow>(query, values);
  return Number(row?.n ?? 0);
}

/** Inserts members in one statement (they must not be members yet). */
export async function insertMembers(
  tx: Sql,
  sdkAppId: number,
  groupId: string,
  members: GroupMemberRecord[],
): Promise<void> {
  if (members.length === 0) return;
  await tx.exec(`INSERT INTO group_members (sdk_app_id, group_id, ${MEMBER_COLUMNS}) VALUES ?`, [
    members.map((m) => memberValues(sdkAppId, groupId, m)),
  ]);
}

/** The first record of each user, in order (a user listed twice counts once). */
export function firstOfEach(members: GroupMemberRecord[]): GroupMemberRecord[] {
  const byUser = new Map<string, GroupMemberRecord>();
  for (const member of members) if (!byUser.has(member.userId)) byUser.set(member.userId, member);
  return [...byUser.values()];
}
