import { deflateSync } from 'node:zlib';
import { encodeTencentBase64 } from './tencent-base64.ts';
import { serialiseUserSigDocument } from './usersig-document.ts';
import { userSigHmac } from './usersig-hmac.ts';

export interface GenUserSigInput {
  sdkAppId: number;
  secretKey: string;
  userId: string;
  /** Lifetime in seconds (Tencent's `expire`); Tencent's SDKs default to 180 days. */
  expireSeconds: number;
  /** Issue time, unix seconds; defaults to the clock. */
  now?: number | undefined;
  /** Optional user buffer, signed and carried as TLS.userbuf (TRTC PrivateMapKey style). */
  userBuf?: Buffer | undefined;
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`genUserSig: ${name} must be an integer >= ${min}.`);
  }
}

/** A lone surrogate would be signed as U+FFFD but serialised as "\udXXX": the sig would never verify. */
function requireWellFormed(name: string, value: string): void {
  if (/\p{Cs}/u.test(value)) throw new TypeError(`genUserSig: ${name} is not well-formed Unicode.`);
}

/**
 * Issues a Tencent Chat UserSig v2 (TLSSigAPIv2): HMAC-SHA256 over the fixed content, the JSON
 * document zlib-deflated, then Tencent's base64. Throws RangeError/TypeError on bad arguments
 * (programming errors, not client input).
 */
export function genUserSig(input: GenUserSigInput): string {
  const time = input.now ?? Math.floor(Date.now() / 1000);
  requireInteger('sdkAppId', input.sdkAppId, 0);
  requireInteger('expireSeconds', input.expireSeconds, 0);
  requireInteger('now', time, 0);
  if (!Number.isSafeInteger(time + input.expireSeconds)) {
    throw new RangeError('genUserSig: now + expireSeconds is out of range.');
  }
  if (input.userId.length === 0) throw new RangeError('genUserSig: userId is empty.');
  if (input.secretKey.length === 0) throw new RangeError('genUserSig: secretKey is empty.');
  requireWellFormed('userId', input.userId);
  requireWellFormed('secretKey', input.secretKey);

  const fields = {
    identifier: input.userId,
    sdkAppId: input.sdkAppId,
    time,
    expire: input.expireSeconds,
    userBufBase64: input.userBuf?.toString('base64'),
  };
  const sig = userSigHmac(input.secretKey, fields).toString('base64');
  const json = serialiseUserSigDocument({ ...fields, sig });
  return encodeTencentBase64(deflateSync(Buffer.from(json, 'utf8')));
}
