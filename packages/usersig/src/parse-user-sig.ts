import { inflateSync } from 'node:zlib';
import { ParleyError } from '@parley/protocol';
import { decodeCanonicalBase64, decodeTencentBase64 } from './tencent-base64.ts';
import type { UserSigDocument } from './usersig-document.ts';

/**
 * Longest UserSig accepted, in characters. Real ones are ~200–400; the cap is checked before any
 * decoding so that garbage costs nothing.
 */
export const USERSIG_MAX_LENGTH = 4096;

/** Largest inflated document accepted: stops a small zlib bomb from allocating megabytes. */
export const USERSIG_MAX_DOCUMENT_BYTES = 16 * 1024;

/** A syntactically valid UserSig: its document plus the decoded sig and userbuf bytes. Nothing verified. */
export interface ParsedUserSig extends UserSigDocument {
  sigBytes: Buffer;
  userBuf?: Buffer | undefined;
}

function invalid(detail: string, cause?: unknown): ParleyError {
  return new ParleyError('USERSIG_INVALID', { detail, cause });
}

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Decodes Tencent base64 → zlib → JSON and checks every field's type. Throws USERSIG_INVALID. */
export function parseUserSig(userSig: string): ParsedUserSig {
  if (typeof userSig !== 'string' || userSig.length === 0) throw invalid('It is empty.');
  if (userSig.length > USERSIG_MAX_LENGTH)
    throw invalid(`It is longer than ${USERSIG_MAX_LENGTH} characters.`);

  const compressed = decodeTencentBase64(userSig);
  if (!compressed) throw invalid('It is not Tencent base64.');

  let inflated: Buffer;
  try {
    inflated = inflateSync(compressed, { maxOutputLength: USERSIG_MAX_DOCUMENT_BYTES });
  } catch (error) {
    throw invalid('It is not zlib data of an acceptable size.', error);
  }

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch (error) {
    throw invalid('Its document is not UTF-8 JSON.', error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('Its document is not a JSON object.');
  }
  const doc = json as Record<string, unknown>;

  const version = doc['TLS.ver'];
  const identifier = doc['TLS.identifier'];
  const sdkAppId = doc['TLS.sdkappid'];
  const expire = doc['TLS.expire'];
  const time = doc['TLS.time'];
  const sig = doc['TLS.sig'];
  const userBufBase64 = doc['TLS.userbuf'];

  if (version !== '2.0') throw invalid('TLS.ver is not "2.0".');
  if (typeof identifier !== 'string') throw invalid('TLS.identifier is not a string.');
  if (!isNonNegativeSafeInteger(sdkAppId)) throw invalid('TLS.sdkappid is not a non-negative integer.');
  if (!isNonNegativeSafeInteger(expire)) throw invalid('TLS.expire is not a non-negative integer.');
  if (!isNonNegativeSafeInteger(time)) throw invalid('TLS.time is not a non-negative integer.');
  if (!Number.isSafeInteger(time + expire)) throw invalid('TLS.time + TLS.expire is out of range.');
  if (typeof sig !== 'string') throw invalid('TLS.sig is not a string.');
  const sigBytes = decodeCanonicalBase64(sig);
  if (sigBytes?.length !== 32) throw invalid('TLS.sig is not base64 of 32 bytes.');

  if (userBufBase64 === undefined) {
    return { identifier, sdkAppId, expire, time, sig, sigBytes };
  }
  if (typeof userBufBase64 !== 'string') throw invalid('TLS.userbuf is not a string.');
  const userBuf = decodeCanonicalBase64(userBufBase64);
  if (!userBuf) throw invalid('TLS.userbuf is not canonical base64.');
  return { identifier, sdkAppId, expire, time, userBufBase64, sig, sigBytes, userBuf };
}
