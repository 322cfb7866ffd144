import { timingSafeEqual } from 'node:crypto';
import { ParleyError } from '@parley/protocol';
import { parseUserSig } from './parse-user-sig.ts';
import { userSigHmac } from './usersig-hmac.ts';

export interface VerifyUserSigInput {
  sdkAppId: number;
  secretKey: string;
  userId: string;
  userSig: string;
  /** Unix seconds; defaults to the clock. */
  now?: number | undefined;
}

export interface VerifiedUserSig {
  /** TLS.time, unix seconds. */
  issuedAt: number;
  /** TLS.time + TLS.expire, unix seconds; the sig is valid up to and including this second. */
  expiresAt: number;
  /** The signed user buffer, when the sig carries one (TRTC PrivateMapKey style). */
  userBuf?: Buffer;
}

/**
 * Verifies a UserSig v2 the way Tencent does. Checks, in order: parse (USERSIG_INVALID),
 * app (USERSIG_APP_MISMATCH), identifier (USERSIG_IDENTIFIER_MISMATCH), HMAC
 * (USERSIG_SIGNATURE_MISMATCH), expiry (USERSIG_EXPIRED). The HMAC comes before expiry so that a
 * sig made with the wrong key learns nothing about time. Tencent does not reject a TLS.time in
 * the future, and neither does this.
 */
export function verifyUserSig(input: VerifyUserSigInput): VerifiedUserSig {
  const parsed = parseUserSig(input.userSig);
  if (parsed.sdkAppId !== input.sdkAppId) throw new ParleyError('USERSIG_APP_MISMATCH');
  if (parsed.identifier !== input.userId) throw new ParleyError('USERSIG_IDENTIFIER_MISMATCH');

  const expected = userSigHmac(input.secretKey, parsed);
  // Both are 32 bytes (parseUserSig checked the sig's length), as timingSafeEqual requires.
  if (!timingSafeEqual(expected, parsed.sigBytes)) throw new ParleyError('USERSIG_SIGNATURE_MISMATCH');

  const now = input.now ?? Math.floor(Date.now() / 1000);
  const expiresAt = parsed.time + parsed.expire;
  if (now > expiresAt) throw new ParleyError('USERSIG_EXPIRED');

  const verified: VerifiedUserSig = { issuedAt: parsed.time, expiresAt };
  if (parsed.userBuf) verified.userBuf = parsed.userBuf;
  return verified;
}
