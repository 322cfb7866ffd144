import type { CloseCodeName } from './close-codes.ts';

/**
 * Why the server ends a logged-in session, the one table for every place that does it: the `kicked` push's
 * `reason`, then the socket closed with `closeCode`.
 */
export const kickReasons = {
  /** A newer login of the same user evicted this one (Tencent's multi-platform login policy). */
  'multi-login': { closeCode: 'KICKED' },
  /** The account was deleted through the admin API. */
  'account-deleted': { closeCode: 'ACCOUNT_DELETED' },
  /** An app admin kicked the user (Tencent's REST `im_open_login_svc/kick`). */
  'admin-kick': { closeCode: 'KICKED' },
  /** The app was disabled or terminated. */
  'app-unavailable': { closeCode: 'APP_UNAVAILABLE' },
} as const satisfies Record<string, { closeCode: CloseCodeName }>;

export type KickReason = keyof typeof kickReasons;

/** The serialised `kicked` push of a reason (`byPlatform`: the platform of the login that evicted this one). */
export function kickedPushFrame(reason: KickReason, byPlatform?: string): string {
  return JSON.stringify({
    push: 'kicked',
    data: byPlatform === undefined ? { reason } : { reason, byPlatform },
  });
}
