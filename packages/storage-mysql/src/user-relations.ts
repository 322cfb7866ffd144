import type { Sql } from './mysql-sql.ts';

/**
 * Deletes every relation of these users in one app: their friendships in both directions, requests they
 * sent or received, blacklists they own or appear on. Shared by account deletion and RelationStore.
 */
export async function deleteUserRelations(sql: Sql, sdkAppId: number, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const args = [sdkAppId, userIds];
  // Each side of an OR gets its own statement so each can use its index.
  await sql.exec('DELETE FROM friends WHERE sdk_app_id = ? AND owner_id IN (?)', args);
  await sql.exec('DELETE FROM friends WHERE sdk_app_id = ? AND friend_id IN (?)', args);
  await sql.exec('DELETE FROM friend_requests WHERE sdk_app_id = ? AND from_id IN (?)', args);
  await sql.exec('DELETE FROM friend_requests WHERE sdk_app_id = ? AND to_id IN (?)', args);
  await sql.exec('DELETE FROM blacklist WHERE sdk_app_id = ? AND owner_id IN (?)', args);
  await sql.exec('DELETE FROM blacklist WHERE sdk_app_id = ? AND target_id IN (?)', args);
}

/** Deletes one app's rows of `table` in slices, so purging a big app never builds one huge transaction. */
export async function deleteAppRows(sql: Sql, table: string, sdkAppId: number): Promise<number> {
  const slice = 5_000;
  let total = 0;
  for (;;) {
    const { affectedRows } = await sql.exec(`DELETE FROM ${table} WHERE sdk_app_id = ? LIMIT ${slice}`, [
      sdkAppId,
    ]);
    total += affectedRows;
    if (affectedRows < slice) return total;
  }
}

/** VARBINARY user IDs come back as Buffers; they were written as UTF-8. */
export function userIdOf(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** Orders user IDs as the VARBINARY index does (UTF-8 bytes), so statements lock rows in index order. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
