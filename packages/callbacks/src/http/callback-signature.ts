import { createHash } from 'node:crypto';

/**
 * Tencent's callback authentication: with a token configured, every request carries `RequestTime` (seconds)
 * and `Sign` = lowercase hex SHA-256 of token + RequestTime; the app server recomputes it and checks the time
 * is recent (Tencent suggests one minute).
 */
export function callbackSign(token: string, requestTimeSeconds: number): string {
  return createHash('sha256').update(`${token}${requestTimeSeconds}`).digest('hex');
}
