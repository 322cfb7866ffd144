import type { FriendRequest, RelationStore } from '@parley/domain';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { DEFAULT_QUERY_TIMEOUT_MS, sqlOn, withTransaction } from './mysql-sql.ts';
import { compareBytes, deleteAppRows, deleteUserRelations, userIdOf } from './user-relations.ts';

export interface MysqlRelationStoreDeps {
  pool: Pool;
  queryTimeoutMs?: number;
}

interface FriendRow extends RowDataPacket {
  friend_id: Buffer;
  since: number;
}

interface RequestRow extends RowDataPacket {
  from_id: Buffer;
  to_id: Buffer;
  wording: string;
  created_at: number;
}

interface TargetRow extends RowDataPacket {
  target_id: Buffer;
}

/** Friends, friend requests and blacklists in MySQL (see infra/mysql). The pool belongs to the caller. */
export function createMysqlRelationStore({
  pool,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
}: MysqlRelationStoreDeps): RelationStore {
  const sql = sqlOn(pool, queryTimeoutMs);

  async function exists(query: string, values: unknown[]): Promise<boolean> {
    return (await sql.rows(query, values)).length > 0;
  }

  return {
    async addFriends(sdkAppId, a, b, now) {
      // Rows in a fixed order, so two nodes befriending the same pair lock them in the same order.
      const [first, second] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
      await withTransaction(pool, queryTimeoutMs, async (tx) => {
        // An existing friendship keeps its original `since`.
        await tx.exec(
          'INSERT INTO friends (sdk_app_id, owner_id, friend_id, since) VALUES ? ON DUPLICATE KEY UPDATE since = since',
          [
            [
              [sdkAppId, first, second, now],
              [sdkAppId, second, first, now],
            ],
          ],
        );
        await tx.exec(
          `DELETE FROM friend_requests
           WHERE sdk_app_id = ? AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))`,
          [sdkAppId, first, second, second, first],
        );
      });
    },

    async removeFriends(sdkAppId, a, b) {
      // One statement removes both rows atomically.
      const result = await sql.exec(
        `DELETE FROM friends
         WHERE sdk_app_id = ? AND ((owner_id = ? AND friend_id = ?) OR (owner_id = ? AND friend_id = ?))`,
        [sdkAppId, a, b, b, a],
      );
      return result.affectedRows > 0;
    },

    async areFriends(sdkAppId, a, b) {
      return exists('SELECT 1 FROM friends WHERE sdk_app_id = ? AND owner_id = ? AND friend_id = ?', [
        sdkAppId,
        a,
        b,
      ]);
    },

    async listFriends(sdkAppId, owner) {
      const rows = await sql.rows<FriendRow>(
        'SELECT friend_id, since FROM friends WHERE sdk_app_id = ? AND owner_id = ? ORDER BY since, friend_id',
        [sdkAppId, owner],
      );
      return rows.map((row) => ({ userId: userIdOf(row.friend_id), since: Number(row.since) }));
    },

    async putFriendRequest(request) {
      await sql.exec(
        `INSERT INTO friend_requests (sdk_app_id, from_id, to_id, wording, created_at) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE wording = ?, created_at = ?`,
        [
          request.sdkAppId,
          request.from,
          request.to,
          request.wording,
          request.createdAt,
          request.wording,
          request.createdAt,
        ],
      );
    },

    async getFriendRequest(sdkAppId, from, to) {
      const [row] = await sql.rows<RequestRow>(
        `SELECT from_id, to_id, wording, created_at FROM friend_requests
         WHERE sdk_app_id = ? AND from_id = ? AND to_id = ?`,
        [sdkAppId, from, to],
      );
      return row ? toRequest(sdkAppId, row) : undefined;
    },

    async deleteFriendRequest(sdkAppId, from, to) {
      const result = await sql.exec(
        'DELETE FROM friend_requests WHERE sdk_app_id = ? AND from_id = ? AND to_id = ?',
        [sdkAppId, from, to],
      );
      return result.affectedRows > 0;
    },

    async listIncomingRequests(sdkAppId, to) {
      const rows = await sql.rows<RequestRow>(
        `SELECT from_id, to_id, wording, created_at FROM friend_requests
         WHERE sdk_app_id = ? AND to_id = ? ORDER BY created_at, from_id`,
        [sdkAppId, to],
      );
      return rows.map((row) => toRequest(sdkAppId, row));
    },

    async addToBlacklist(sdkAppId, owner, targets, now) {
      const unique = [...new Set(targets)];
      if (unique.length === 0) return;
      // A target already listed keeps its original time.
      await sql.exec(
        `INSERT INTO blacklist (sdk_app_id, owner_id, target_id, created_at) VALUES ?
         ON DUPLICATE KEY UPDATE created_at = created_at`,
        [unique.map((target) => [sdkAppId, owner, target, now])],
      );
    },

    async removeFromBlacklist(sdkAppId, owner, targets) {
      if (targets.length === 0) return;
      await sql.exec('DELETE FROM blacklist WHERE sdk_app_id = ? AND owner_id = ? AND target_id IN (?)', [
        sdkAppId,
        owner,
        [...new Set(targets)],
      ]);
    },

    async listBlacklist(sdkAppId, owner) {
      const rows = await sql.rows<TargetRow>(
        'SELECT target_id FROM blacklist WHERE sdk_app_id = ? AND owner_id = ? ORDER BY created_at, target_id',
        [sdkAppId, owner],
      );
      return rows.map((row) => userIdOf(row.target_id));
    },

    async isBlocked(sdkAppId, owner, target) {
      return exists('SELECT 1 FROM blacklist WHERE sdk_app_id = ? AND owner_id = ? AND target_id = ?', [
        sdkAppId,
        owner,
        target,
      ]);
    },

    async deleteUsers(sdkAppId, userIds) {
      if (userIds.length === 0) return;
      const unique = [...new Set(userIds)];
      await withTransaction(pool, queryTimeoutMs, (tx) => deleteUserRelations(tx, sdkAppId, unique));
    },

    async deleteApp(sdkAppId) {
      let total = 0;
      for (const table of ['friends', 'friend_requests', 'blacklist']) {
        total += await deleteAppRows(sql, table, sdkAppId);
      }
      return total;
    },

    // The pool is shared with the other stores; whoever called connectMysql ends it.
    async close() {},
  };
}

function toRequest(sdkAppId: number, row: RequestRow): FriendRequest {
  return {
    sdkAppId,
    from: userIdOf(row.from_id),
    to: userIdOf(row.to_id),
    wording: row.wording,
    createdAt: Number(row.created_at),
  };
}
