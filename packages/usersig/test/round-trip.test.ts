import { decodeUserSig, genUserSig, verifyUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';
import { expectParleyError, seededRandom } from './usersig-test-tools.ts';

const SEED = 20240601;
const RUNS = 400;

/** Random well-formed strings mixing ASCII, JSON-special, BMP and astral characters. */
function randomString(next: () => number, minLength: number, maxLength: number): string {
  const pools = ['abcXYZ019_-', '"\\/\n\t<>&', 'éüß中文用户', '😀🔑𝄞'];
  const length = minLength + Math.floor(next() * (maxLength - minLength + 1));
  let out = '';
  for (let i = 0; i < length; i++) {
    const pool = [...(pools[Math.floor(next() * pools.length)] ?? 'a')];
    out += pool[Math.floor(next() * pool.length)] ?? 'a';
  }
  return out;
}

describe(`genUserSig → verifyUserSig round trip (seed ${SEED}, ${RUNS} runs)`, () => {
  it('verifies, decodes and expires exactly as issued for random inputs', () => {
    const next = seededRandom(SEED);
    for (let run = 0; run < RUNS; run++) {
      const sdkAppId = Math.floor(next() * 2 ** 32);
      const secretKey = randomString(next, 1, 80);
      const userId = randomString(next, 1, 32);
      const expireSeconds = Math.floor(next() * 10 ** 9);
      const now = Math.floor(next() * 2 * 10 ** 9);
      const userBuf =
        next() < 0.3
          ? Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => next() * 256))
          : undefined;

      const userSig = genUserSig({ sdkAppId, secretKey, userId, expireSeconds, now, userBuf });
      const at = now + Math.floor(next() * (expireSeconds + 1));
      const result = verifyUserSig({ sdkAppId, secretKey, userId, userSig, now: at });

      expect(result.issuedAt).toBe(now);
      expect(result.expiresAt).toBe(now + expireSeconds);
      expect(result.userBuf?.toString('hex')).toBe(userBuf?.toString('hex'));
      expect(decodeUserSig(userSig)).toEqual({
        sdkAppId,
        identifier: userId,
        time: now,
        expire: expireSeconds,
      });
      expectParleyError(
        () => verifyUserSig({ sdkAppId, secretKey, userId, userSig, now: now + expireSeconds + 1 }),
        'USERSIG_EXPIRED',
      );
      expectParleyError(
        () => verifyUserSig({ sdkAppId, secretKey: `${secretKey}x`, userId, userSig, now: at }),
        'USERSIG_SIGNATURE_MISMATCH',
      );
    }
  });
});
