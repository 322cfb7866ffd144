import type { FriendVerification } from '@parley/app-config';
import type { Account, AccountStore, ProfileFields } from '@parley/domain';
import type { EmbeddedDatabase } from './open-embedded-database.ts';
import { sqliteCall } from './sqlite-errors.ts';
import { deleteUserRelations } from './sqlite-relation-store.ts';

interface AccountRow {
  sdk_app_id: number;
  user_id: string;
  nick: string;
  face_url: string;
  created_at: number;
  muted_until: number | null;
  add_verification: FriendVerification | null;
  profile_fields: string | null;
}

export function createSqliteAccountStore({ db }: { db: EmbeddedDatabase }): AccountStore {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO accounts (sdk_app_id, user_id, nick, face_url, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const selectOne = db.prepare('SELECT * FROM accounts WHERE sdk_app_id = ? AND user_id = ?');
  const exists = db.prepare('SELECT 1 FROM accounts WHERE sdk_app_id = ? AND user_id = ?');
  const removeOne = db.prepare('DELETE FROM accounts WHERE sdk_app_id = ? AND user_id = ?');
  const countApp = db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE sdk_app_id = ?');
  const removeApp = db.prepare('DELETE FROM accounts WHERE sdk_app_id = ?');
  const updateStatements = {
    nick: db.prepare('UPDATE accounts SET nick = ? WHERE sdk_app_id = ? AND user_id = ?'),
    faceUrl: db.prepare('UPDATE accounts SET face_url = ? WHERE sdk_app_id = ? AND user_id = ?'),
    mutedUntil: db.prepare('UPDATE accounts SET muted_until = ? WHERE sdk_app_id = ? AND user_id = ?'),
    addVerification: db.prepare(
      'UPDATE accounts SET add_verification = ? WHERE sdk_app_id = ? AND user_id = ?',
    ),
  } as const;
  // json_patch merges the given tags into the stored ones in one statement.
  const mergeProfileFields = db.prepare(
    "UPDATE accounts SET profile_fields = json_patch(COALESCE(profile_fields, '{}'), ?) WHERE sdk_app_id = ? AND user_id = ?",
  );

  const importTx = db.transaction(
    (
      sdkAppId: number,
      accounts: { userId: string; nick?: string | undefined; faceUrl?: string | undefined }[],
      now: number,
    ) => {
      const created: string[] = [];
      const existing: string[] = [];
      const seen = new Set<string>();
      for (const account of accounts) {
        if (seen.has(account.userId)) continue;
        seen.add(account.userId);
        const result = insert.run(sdkAppId, account.userId, account.nick ?? '', account.faceUrl ?? '', now);
        (result.changes > 0 ? created : existing).push(account.userId);
      }
      return { created, existing };
    },
  );

  const updateTx = db.transaction(
    (sdkAppId: number, userId: string, change: Parameters<AccountStore['update']>[2]) => {
      for (const key of Object.keys(updateStatements) as (keyof typeof updateStatements)[]) {
        const value = change[key];
        if (value !== undefined) updateStatements[key].run(value, sdkAppId, userId);
      }
      if (change.profileFields !== undefined && Object.keys(change.profileFields).length > 0) {
        mergeProfileFields.run(JSON.stringify(change.profileFields), sdkAppId, userId);
      }
      const row = selectOne.get(sdkAppId, userId) as AccountRow | undefined;
      return row ? fromRow(row) : undefined;
    },
  );

  const deleteTx = db.transaction((sdkAppId: number, userIds: string[]) => {
    const deleted = [...new Set(userIds)].filter((userId) => removeOne.run(sdkAppId, userId).changes > 0);
    deleteUserRelations(db, sdkAppId, userIds);
    return deleted;
  });

  return {
    importAccounts: (sdkAppId, accounts, now) =>
      sqliteCall(() => importTx.immediate(sdkAppId, accounts, now)),
    get: (sdkAppId, userId) =>
      sqliteCall(() => {
        const row = selectOne.get(sdkAppId, userId) as AccountRow | undefined;
        return row ? fromRow(row) : undefined;
      }),
    getMany: (sdkAppId, userIds) =>
      sqliteCall(() =>
        [...new Set(userIds)].flatMap((userId) => {
          const row = selectOne.get(sdkAppId, userId) as AccountRow | undefined;
          return row ? [fromRow(row)] : [];
        }),
      ),
    existing: (sdkAppId, userIds) =>
      sqliteCall(() => new Set(userIds.filter((userId) => exists.get(sdkAppId, userId) !== undefined))),
    update: (sdkAppId, userId, change) => sqliteCall(() => updateTx.immediate(sdkAppId, userId, change)),
    delete: (sdkAppId, userIds) => sqliteCall(() => deleteTx.immediate(sdkAppId, userIds)),
    count: (sdkAppId) => sqliteCall(() => (countApp.get(sdkAppId) as { n: number }).n),
    deleteApp: (sdkAppId) => sqliteCall(() => removeApp.run(sdkAppId).changes),
    close: async () => {},
  };
}

function fromRow(row: AccountRow): Account {
  return {
    sdkAppId: row.sdk_app_id,
    userId: row.user_id,
    nick: row.nick,
    faceUrl: row.face_url,
    createdAt: row.created_at,
    mutedUntil: row.muted_until,
    addVerification: row.add_verification,
    profileFields: row.profile_fields ? (JSON.parse(row.profile_fields) as ProfileFields) : {},
  };
}
