import type { ErrorName } from './error-catalogue.ts';

/** WebSocket close codes the gateway uses (4000-4999 is the application range of RFC 6455). */
export const closeCodes = {
  GOING_AWAY: { code: 1001, reason: 'server shutting down' },
  FRAME_TOO_LARGE: { code: 1009, reason: 'frame too large' },
  TRY_AGAIN_LATER: { code: 1013, reason: 'a backend is unavailable; retry later' },
  LOGIN_TIMEOUT: { code: 4000, reason: 'no login within the login timeout' },
  LOGIN_FAILED: { code: 4001, reason: 'login failed' },
  KICKED: { code: 4002, reason: 'kicked by a newer login' },
  ABUSE: { code: 4003, reason: 'too many invalid frames' },
  APP_UNAVAILABLE: { code: 4004, reason: 'app disabled or terminated' },
  CONNECTION_QUOTA: { code: 4005, reason: 'connection quota reached' },
  SLOW_CONSUMER: { code: 4006, reason: 'too much unread outgoing data' },
  LOGGED_OUT: { code: 4007, reason: 'logged out' },
  KEEPALIVE_TIMEOUT: { code: 4008, reason: 'keepalive timeout' },
  ACCOUNT_DELETED: { code: 4009, reason: 'account deleted' },
} as const;

export type CloseCodeName = keyof typeof closeCodes;

/** The close code after a failed login, by the error it was answered with (any other error: LOGIN_FAILED). */
const loginFailureCloseCodes: Partial<Record<ErrorName, CloseCodeName>> = {
  CONNECTION_QUOTA_EXCEEDED: 'CONNECTION_QUOTA',
  APP_DISABLED: 'APP_UNAVAILABLE',
  APP_TERMINATED: 'APP_UNAVAILABLE',
  STORAGE_UNAVAILABLE: 'TRY_AGAIN_LATER',
  INTERNAL: 'TRY_AGAIN_LATER',
};

export function loginFailureCloseCode(error: ErrorName): CloseCodeName {
  return loginFailureCloseCodes[error] ?? 'LOGIN_FAILED';
}
