import { readFileSync } from 'node:fs';
import { decodeUserSig, genUserSig, verifyUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';
import { expectParleyError, inflateUserSig } from './usersig-test-tools.ts';

/** Written by test/vectors/make-vectors.py (Python stdlib + Tencent's official tls-sig-api-v2 package). */
interface Vector {
  name: string;
  sdkAppId: number;
  secretKey: string;
  userId: string;
  time: number;
  expire: number;
  userBufBase64: string | null;
  signedContent: string;
  sig: string;
  document: string;
  userSig: string;
  foreign: Record<'tencentPython' | 'nodeSdk' | 'phpSdk' | 'goSdk', string>;
}

const file = JSON.parse(readFileSync(new URL('./vectors/vectors.json', import.meta.url), 'utf8')) as {
  tencentPythonSource: string;
  vectors: Vector[];
};

describe(`UserSig v2 vectors (${file.tencentPythonSource})`, () => {
  it('has the cases the brief asks for', () => {
    const names = file.vectors.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['basic', 'unicode-userid', 'long-expiry-10-years']));
    expect(file.vectors.some((v) => v.userBufBase64 !== null)).toBe(true);
  });

  for (const v of file.vectors) {
    const userBuf = v.userBufBase64 === null ? undefined : Buffer.from(v.userBufBase64, 'base64');
    const make = () =>
      genUserSig({
        sdkAppId: v.sdkAppId,
        secretKey: v.secretKey,
        userId: v.userId,
        expireSeconds: v.expire,
        now: v.time,
        userBuf,
      });

    describe(v.name, () => {
      it('genUserSig writes the vector document byte for byte (key order, types, escaping, TLS.sig)', () => {
        const inflated = inflateUserSig(make());
        expect(inflated.equals(Buffer.from(v.document, 'utf8'))).toBe(true);
        expect(inflated.toString('utf8')).toBe(v.document);
        expect((JSON.parse(v.document) as Record<string, unknown>)['TLS.sig']).toBe(v.sig);
      });

      it('the Python-compressed vector inflates to the same document', () => {
        // DEFLATE bytes differ between zlib builds; the document inside may not.
        expect(inflateUserSig(v.userSig).toString('utf8')).toBe(v.document);
      });

      const accepted: [string, string][] = [
        ['parley form (python zlib)', v.userSig],
        ...Object.entries(v.foreign),
      ];
      for (const [flavour, userSig] of accepted) {
        it(`verifyUserSig accepts the ${flavour} sig inside its window`, () => {
          const expiresAt = v.time + v.expire;
          for (const now of [v.time, expiresAt]) {
            const result = verifyUserSig({
              sdkAppId: v.sdkAppId,
              secretKey: v.secretKey,
              userId: v.userId,
              userSig,
              now,
            });
            expect(result.issuedAt).toBe(v.time);
            expect(result.expiresAt).toBe(expiresAt);
            expect(result.userBuf?.toString('base64')).toBe(v.userBufBase64 ?? undefined);
          }
          expectParleyError(
            () =>
              verifyUserSig({
                sdkAppId: v.sdkAppId,
                secretKey: v.secretKey,
                userId: v.userId,
                userSig,
                now: expiresAt + 1,
              }),
            'USERSIG_EXPIRED',
          );
          expect(decodeUserSig(userSig)).toEqual({
            sdkAppId: v.sdkAppId,
            identifier: v.userId,
            time: v.time,
            expire: v.expire,
          });
        });
      }
    });
  }
});
