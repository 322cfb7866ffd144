import { randomBytes } from 'node:crypto';
import type { FriendVerification } from '@parley/app-config';
import type { Account, AccountProfileChange, AccountStore, ProfileFields } from '@parley/domain';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { DEFAULT_QUERY_TIMEOUT_MS, retryOnDeadlock, sqlOn, withTransaction } from './mysql-sql.ts';
import { compareBytes, deleteAppRows, deleteUserRelations, userIdOf } from './user-relations.ts';

export interface MysqlAccountStoreDeps {
  pool: Pool;
  queryTimeoutMs?: number;
}

interface AccountRow extends RowDataPacket {
  sdk_app_id: number;
  user_id: Buffer;
  nick: string;
  face_url: string;
  created_at: number;
  muted_until: number | null;
  add_verification: FriendVerification | null;
  profile_fields: string | null;
}

interface UserIdRow extends RowDataPacket {
  user_id: Buffer;
}

interface CountRow extends RowDataPacket {
  n: number;
}

const COLUMNS =
  'sdk_app_id, user_id, nick, face_url, created_at, muted_until, add_verification, profile_fields';
/** Rows per INSERT: far below max_allowed_packet and the 65535-placeholder limit. */
const IMPORT_SLICE = 1_000;

const CHANGE_COLUMNS = {
  nick: 'nick',
  faceUrl: 'face_url',
  mutedUntil: 'muted_until',
  addVerification: 'add_verification',
} as const satisfies Record<Exclude<keyof AccountProfileChange, 'profileFields'>, string>;

/** Accounts in MySQL (table `accounts`, see infra/mysql). The pool belongs to the caller. */
export function createMysqlAccountStore({
  pool,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
}: MysqlAccountStoreDeps): AccountStore {
  const sql = sqlOn(pool, queryTimeoutMs);

  async function get(sdkAppId: number, userId: string): Promise<Account | undefined> {
    const [row] = await sql.rows<AccountRow>(
      `SELECT ${COLUMNS} FROM accounts WHERE sdk_app_id = ? AND user_id = ?`,
      [sdkAppId, userId],
    );
    return row ? toAccount(row) : undefined;
  }

  async function getMany(sdkAppId: number, userIds: string[]): Promise<Account[]> {
    if (userIds.length === 0) return [];
    const rows = await sql.rows<AccountRow>(
      `SELECT ${COLUMNS} FROM accounts WHERE sdk_app_id = ? AND user_id IN (?)`,
      [sdkAppId, [...new Set(userIds)]],
    );
    return rows.map(toAccount);
  }

  async function existing(sdkAppId: number, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await sql.rows<UserIdRow>(
      'SELECT user_id FROM accounts WHERE sdk_app_id = ? AND user_id IN (?)',
      [sdkAppId, [...new Set(userIds)]],
    );
    return new Set(rows.map((row) => userIdOf(row.user_id)));
  }

  return {
    async importAccounts(sdkAppId, accounts, now) {
      const firstOfEach = new Map<string, (typeof accounts)[number]>();
      for (const account of accounts)
        if (!firstOfEach.has(account.userId)) firstOfEach.set(account.userId, account);
      const unique = [...firstOfEach.values()];
      if (unique.length === 0) return { created: [], existing: [] };
      // Rows this call inserts carry its random batch tag; a duplicate key leaves the existing row untouched
      // (unlike INSERT IGNORE, other errors still fail instead of being downgraded to warnings).
      const batch = randomBytes(16);
      const createdIds = new Set<string>();
      for (let start = 0; start < unique.length; start += IMPORT_SLICE) {
        // Sorted rows make concurrent imports lock keys in the same order, which keeps deadlocks rare.
        const slice = unique
          .slice(start, start + IMPORT_SLICE)
          .sort((x, y) => compareBytes(x.userId, y.userId));
        await retryOnDeadlock(() =>
          sql.exec(
            `INSERT INTO accounts (sdk_app_id, user_id, nick, face_url, created_at, import_batch) VALUES ?
             ON DUPLICATE KEY UPDATE user_id = user_id`,
            [slice.map((a) => [sdkAppId, a.userId, a.nick ?? '', a.faceUrl ?? '', now, batch])],
          ),
        );
        const rows = await sql.rows<UserIdRow>(
          'SELECT user_id FROM accounts WHERE sdk_app_id = ? AND user_id IN (?) AND import_batch = ?',
          [sdkAppId, slice.map((a) => a.userId), batch],
        );
        for (const row of rows) createdIds.add(userIdOf(row.user_id));
      }
      const ids = unique.map((a) => a.userId);
      return {
        created: ids.filter((id) => createdIds.has(id)),
        existing: ids.filter((id) => !createdIds.has(id)),
      };
    },

    get,
    getMany,
    existing,

    async update(sdkAppId, userId, change) {
      const assignments: string[] = [];
      const values: unknown[] = [];
      for (const [field, column] of Object.entries(CHANGE_COLUMNS)) {
        const value = change[field as keyof typeof CHANGE_COLUMNS];
        if (value === undefined) continue;
        assignments.push(`${column} = ?`);
        values.push(value);
      }
      if (change.profileFields !== undefined && Object.keys(change.profileFields).length > 0) {
        // Merged in the statement: concurrent sets of different tags both stay.
        assignments.push("profile_fields = JSON_MERGE_PATCH(COALESCE(profile_fields, '{}'), ?)");
        values.push(JSON.stringify(change.profileFields));
      }
      if (assignments.length > 0) {
        await sql.exec(`UPDATE accounts SET ${assignments.join(', ')} WHERE sdk_app_id = ? AND user_id = ?`, [
          ...values,
          sdkAppId,
          userId,
        ]);
      }
      return get(sdkAppId, userId);
    },

    async delete(sdkAppId, userIds) {
      if (userIds.length === 0) return [];
      const unique = [...new Set(userIds)];
      // Accounts and their relations go together, or not at all.
      return withTransaction(pool, queryTimeoutMs, async (tx) => {
        const rows = await tx.rows<UserIdRow>(
          'SELECT user_id FROM accounts WHERE sdk_app_id = ? AND user_id IN (?) FOR UPDATE',
          [sdkAppId, unique],
        );
        const found = rows.map((row) => userIdOf(row.user_id));
        if (found.length > 0) {
          await tx.exec('DELETE FROM accounts WHERE sdk_app_id = ? AND user_id IN (?)', [sdkAppId, found]);
        }
        // Relations of all of them: the relation store never checked that the users exist.
        await deleteUserRelations(tx, sdkAppId, unique);
        return found;
      });
    },

    async count(sdkAppId) {
      const [row] = await sql.rows<CountRow>('SELECT COUNT(*) AS n FROM accounts WHERE sdk_app_id = ?', [
        sdkAppId,
      ]);
      return Number(row?.n ?? 0);
    },

    async deleteApp(sdkAppId) {
      return deleteAppRows(sql, 'accounts', sdkAppId);
    },

    // The pool is shared with the other stores; whoever called connectMysql ends it.
    async close() {},
  };
}

function toAccount(row: AccountRow): Account {
  return {
    sdkAppId: Number(row.sdk_app_id),
    userId: userIdOf(row.user_id),
    nick: row.nick,
    faceUrl: row.face_url,
    createdAt: Number(row.created_at),
    mutedUntil: row.muted_until === null ? null : Number(row.muted_until),
    addVerification: row.add_verification,
    profileFields: row.profile_fields ? (JSON.parse(row.profile_fields) as ProfileFields) : {},
  };
}
