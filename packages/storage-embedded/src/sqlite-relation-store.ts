import type { FriendRequest, RelationStore } from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';

interface RequestRow {
  sdk_app_id: number;
  from_user: string;
  to_user: string;
  wording: string;
  created_at: number;
}

export function createSqliteRelationStore({ db }: { db: EmbeddedDatabase }): RelationStore {
  const s = {
    addFriend: db.prepare(
      'INSERT OR IGNORE INTO friends (sdk_app_id, owner, friend, since) VALUES (?, ?, ?, ?)',
    ),
    removeFriend: db.prepare('DELETE FROM friends WHERE sdk_app_id = ? AND owner = ? AND friend = ?'),
    isFriend: db.prepare('SELECT 1 FROM friends WHERE sdk_app_id = ? AND owner = ? AND friend = ?'),
    listFriends: db.prepare(
      'SELECT friend, since FROM friends WHERE sdk_app_id = ? AND owner = ? ORDER BY since, friend',
    ),
    putRequest: db.prepare(
      `INSERT INTO friend_requests (sdk_app_id, from_user, to_user, wording, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sdk_app_id, from_user, to_user) DO UPDATE SET wording = excluded.wording, created_at = excluded.created_at`,
    ),
    getRequest: db.prepare(
      'SELECT * FROM friend_requests WHERE sdk_app_id = ? AND from_user = ? AND to_user = ?',
    ),
    deleteRequest: db.prepare(
      'DELETE FROM friend_requests WHERE sdk_app_id = ? AND from_user = ? AND to_user = ?',
    ),
    incoming: db.prepare(
      'SELECT * FROM friend_requests WHERE sdk_app_id = ? AND to_user = ? ORDER BY created_at, from_user',
    ),
    block: db.prepare(
      'INSERT OR IGNORE INTO blacklist (sdk_app_id, owner, target, created_at) VALUES (?, ?, ?, ?)',
    ),
    unblock: db.prepare('DELETE FROM blacklist WHERE sdk_app_id = ? AND owner = ? AND target = ?'),
    listBlocked: db.prepare(
      'SELECT target FROM blacklist WHERE sdk_app_id = ? AND owner = ? ORDER BY created_at, target',
    ),
    isBlocked: db.prepare('SELECT 1 FROM blacklist WHERE sdk_app_id = ? AND owner = ? AND target = ?'),
  };
  const deleteAppStatements = ['friends', 'friend_requests', 'blacklist'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE sdk_app_id = ?`),
  );

  const addFriendsTx = db.transaction((sdkAppId: number, a: string, b: string, now: number) => {
    s.addFriend.run(sdkAppId, a, b, now);
    s.addFriend.run(sdkAppId, b, a, now);
    s.deleteRequest.run(sdkAppId, a, b);
    s.deleteRequest.run(sdkAppId, b, a);
  });
  const removeFriendsTx = db.transaction((sdkAppId: number, a: string, b: string) => {
    const one = s.removeFriend.run(sdkAppId, a, b).changes;
    const two = s.removeFriend.run(sdkAppId, b, a).changes;
    return one + two > 0;
  });
  const blockTx = db.transaction((sdkAppId: number, owner: string, targets: string[], now: number) => {
    for (const target of targets) s.block.run(sdkAppId, owner, target, now);
  });
  const unblockTx = db.transaction((sdkAppId: number, owner: string, targets: string[]) => {
    for (const target of targets) s.unblock.run(sdkAppId, owner, target);
  });
  const deleteUsersTx = db.transaction((sdkAppId: number, userIds: string[]) =>
    deleteUserRelations(db, sdkAppId, userIds),
  );
  const deleteAppTx = db.transaction((sdkAppId: number) =>
    deleteAppStatements.reduce((sum, statement) => sum + statement.run(sdkAppId).changes, 0),
  );

  return {
    addFriends: (sdkAppId, a, b, now) => sqliteCall(() => addFriendsTx.immediate(sdkAppId, a, b, now)),
    removeFriends: (sdkAppId, a, b) => sqliteCall(() => removeFriendsTx.immediate(sdkAppId, a, b)),
    areFriends: (sdkAppId, a, b) => sqliteCall(() => s.isFriend.get(sdkAppId, a, b) !== undefined),
    listFriends: (sdkAppId, owner) =>
      sqliteCall(() =>
        (s.listFriends.all(sdkAppId, owner) as { friend: string; since: number }[]).map((row) => ({
          userId: row.friend,
          since: row.since,
        })),
      ),
    putFriendRequest: (request) =>
      sqliteCall(() => {
        s.putRequest.run(request.sdkAppId, request.from, request.to, request.wording, request.createdAt);
      }),
    getFriendRequest: (sdkAppId, from, to) =>
      sqliteCall(() => {
        const row = s.getRequest.get(sdkAppId, from, to) as RequestRow | undefined;
        return row ? fromRequestRow(row) : undefined;
      }),
    deleteFriendRequest: (sdkAppId, from, to) =>
      sqliteCall(() => s.deleteRequest.run(sdkAppId, from, to).changes > 0),
    listIncomingRequests: (sdkAppId, to) =>
      sqliteCall(() => (s.incoming.all(sdkAppId, to) as RequestRow[]).map(fromRequestRow)),
    addToBlacklist: (sdkAppId, owner, targets, now) =>
      sqliteCall(() => blockTx.immediate(sdkAppId, owner, targets, now)),
    removeFromBlacklist: (sdkAppId, owner, targets) =>
      sqliteCall(() => unblockTx.immediate(sdkAppId, owner, targets)),
    listBlacklist: (sdkAppId, owner) =>
      sqliteCall(() => (s.listBlocked.all(sdkAppId, owner) as { target: string }[]).map((row) => row.target)),
    isBlocked: (sdkAppId, owner, target) =>
      sqliteCall(() => s.isBlocked.get(sdkAppId, owner, target) !== undefined),
    deleteUsers: (sdkAppId, userIds) => sqliteCall(() => deleteUsersTx.immediate(sdkAppId, userIds)),
    deleteApp: (sdkAppId) => sqliteCall(() => deleteAppTx.immediate(sdkAppId)),
    close: async () => {},
  };
}

/** Removes every relation of these users; shared with account deletion, inside the caller's transaction. */
export function deleteUserRelations(
  db: EmbeddedDatabase,
  sdkAppId: number,
  userIds: readonly string[],
): void {
  const statements = [
    db.prepare('DELETE FROM friends WHERE sdk_app_id = ? AND (owner = ? OR friend = ?)'),
    db.prepare('DELETE FROM friend_requests WHERE sdk_app_id = ? AND (from_user = ? OR to_user = ?)'),
    db.prepare('DELETE FROM blacklist WHERE sdk_app_id = ? AND (owner = ? OR target = ?)'),
  ];
  for (const userId of userIds) {
    for (const statement of statements) statement.run(sdkAppId, userId, userId);
  }
}

function fromRequestRow(row: RequestRow): FriendRequest {
  return {
    sdkAppId: row.sdk_app_id,
    from: row.from_user,
    to: row.to_user,
    wording: row.wording,
    createdAt: row.created_at,
  };
}
