import { parseUserSig } from './parse-user-sig.ts';

/** What a UserSig claims, before any verification. */
export interface DecodedUserSig {
  sdkAppId: number;
  identifier: string;
  /** Issue time, unix seconds. */
  time: number;
  /** Lifetime in seconds from `time`. */
  expire: number;
}

/**
 * Reads a UserSig without verifying it, to find which app's key to verify it with.
 * Nothing returned here is trustworthy until verifyUserSig succeeds. Throws USERSIG_INVALID.
 */
export function decodeUserSig(userSig: string): DecodedUserSig {
  const parsed = parseUserSig(userSig);
  return {
    sdkAppId: parsed.sdkAppId,
    identifier: parsed.identifier,
    time: parsed.time,
    expire: parsed.expire,
  };
}
