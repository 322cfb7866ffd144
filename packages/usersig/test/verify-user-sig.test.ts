import { randomBytes } from 'node:crypto';
import { isParleyError } from '@parley/protocol';
import { decodeUserSig, genUserSig, USERSIG_MAX_LENGTH, verifyUserSig } from '@parley/usersig';
import { describe, expect, it } from 'vitest';
import {
  expectParleyError,
  inflateUserSig,
  rewriteDocument,
  sealBytes,
  sealText,
} from './usersig-test-tools.ts';

const app = { sdkAppId: 1400000001, secretKey: 'a'.repeat(64) };
const issued = { ...app, userId: 'alice', expireSeconds: 3600, now: 1_700_000_000 };
const userSig = genUserSig(issued);
const withBuf = genUserSig({ ...issued, userBuf: Buffer.from('room-10000') });
const inWindow = issued.now + 10;

function verify(sig: string, overrides: Partial<Parameters<typeof verifyUserSig>[0]> = {}) {
  return verifyUserSig({ ...app, userId: 'alice', userSig: sig, now: inWindow, ...overrides });
}

describe('verifyUserSig rejections', () => {
  it('accepts the untouched sig (the baseline every rejection below differs from)', () => {
    expect(verify(userSig)).toEqual({ issuedAt: issued.now, expiresAt: issued.now + 3600 });
    expect(verify(withBuf).userBuf?.toString()).toBe('room-10000');
  });

  it('USERSIG_EXPIRED one second after time + expire, not at it', () => {
    expect(verify(userSig, { now: issued.now + 3600 }).expiresAt).toBe(issued.now + 3600);
    expectParleyError(() => verify(userSig, { now: issued.now + 3601 }), 'USERSIG_EXPIRED');
  });

  it('USERSIG_APP_MISMATCH for another SDKAppID', () => {
    expectParleyError(() => verify(userSig, { sdkAppId: 1400000002 }), 'USERSIG_APP_MISMATCH');
  });

  it('USERSIG_IDENTIFIER_MISMATCH for another user, including case and whitespace variants', () => {
    for (const userId of ['bob', 'Alice', 'alice ', '']) {
      expectParleyError(() => verify(userSig, { userId }), 'USERSIG_IDENTIFIER_MISMATCH');
    }
  });

  it('USERSIG_SIGNATURE_MISMATCH for another secret key', () => {
    expectParleyError(() => verify(userSig, { secretKey: 'b'.repeat(64) }), 'USERSIG_SIGNATURE_MISMATCH');
    expectParleyError(
      () => verify(userSig, { secretKey: `${'a'.repeat(64)} ` }),
      'USERSIG_SIGNATURE_MISMATCH',
    );
  });

  it('checks in the order parse, app, identifier, signature, expiry', () => {
    const expired = issued.now + 99_999;
    // A wrong key never learns whether the sig had expired.
    expectParleyError(() => verify(userSig, { secretKey: 'x', now: expired }), 'USERSIG_SIGNATURE_MISMATCH');
    expectParleyError(
      () => verify(userSig, { userId: 'bob', secretKey: 'x' }),
      'USERSIG_IDENTIFIER_MISMATCH',
    );
    expectParleyError(() => verify(userSig, { sdkAppId: 1, userId: 'bob' }), 'USERSIG_APP_MISMATCH');
    expectParleyError(() => verify('garbage!', { sdkAppId: 1 }), 'USERSIG_INVALID');
  });
});

describe('verifyUserSig on tampered sigs', () => {
  it('a flipped character inside TLS.sig, recompressed', () => {
    const tampered = rewriteDocument(userSig, (doc) => {
      const sig = String(doc['TLS.sig']);
      doc['TLS.sig'] = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    });
    expectParleyError(() => verify(tampered), 'USERSIG_SIGNATURE_MISMATCH');
  });

  const signedFieldEdits: [string, (doc: Record<string, unknown>) => void][] = [
    ['time moved later', (doc) => (doc['TLS.time'] = issued.now + 1)],
    ['expire extended', (doc) => (doc['TLS.expire'] = 10 * 365 * 86400)],
    ['userbuf added', (doc) => (doc['TLS.userbuf'] = Buffer.from('x').toString('base64'))],
  ];
  for (const [label, edit] of signedFieldEdits) {
    it(`${label} in the JSON, recompressed`, () => {
      expectParleyError(() => verify(rewriteDocument(userSig, edit)), 'USERSIG_SIGNATURE_MISMATCH');
    });
  }

  it('identifier or app forged in the JSON to match the caller, recompressed', () => {
    // Identifier and app are checked against the caller, so forge them to match the caller.
    const otherUser = rewriteDocument(userSig, (doc) => (doc['TLS.identifier'] = 'bob'));
    expectParleyError(() => verify(otherUser, { userId: 'bob' }), 'USERSIG_SIGNATURE_MISMATCH');
    const otherApp = rewriteDocument(userSig, (doc) => (doc['TLS.sdkappid'] = 1400000002));
    expectParleyError(() => verify(otherApp, { sdkAppId: 1400000002 }), 'USERSIG_SIGNATURE_MISMATCH');
  });

  it('a userbuf removed or replaced', () => {
    const removed = rewriteDocument(withBuf, (doc) => delete doc['TLS.userbuf']);
    expectParleyError(() => verify(removed), 'USERSIG_SIGNATURE_MISMATCH');
    const replaced = rewriteDocument(
      withBuf,
      (doc) => (doc['TLS.userbuf'] = Buffer.from('room-1').toString('base64')),
    );
    expectParleyError(() => verify(replaced), 'USERSIG_SIGNATURE_MISMATCH');
  });

  it('any single character of the outer string changed: rejected, never accepted as something else', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_';
    const original = verify(userSig);
    let rejected = 0;
    for (let i = 0; i < userSig.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(userSig.charAt(i)) + 17) % alphabet.length] ?? 'A';
      const tampered = userSig.slice(0, i) + replacement + userSig.slice(i + 1);
      try {
        // A change that inflates to the very same signed document is not a forgery.
        expect(verify(tampered)).toEqual(original);
      } catch (error) {
        if (!isParleyError(error)) throw error;
        expect([
          'USERSIG_INVALID',
          'USERSIG_SIGNATURE_MISMATCH',
          'USERSIG_IDENTIFIER_MISMATCH',
          'USERSIG_APP_MISMATCH',
        ]).toContain(error.errorName);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(userSig.length * 0.9);
  });
});

describe('verifyUserSig and decodeUserSig on garbage: USERSIG_INVALID', () => {
  const validDoc = JSON.parse(inflateUserSig(userSig).toString('utf8')) as Record<string, unknown>;
  const docWith = (edit: (doc: Record<string, unknown>) => void) => {
    const doc = { ...validDoc };
    edit(doc);
    return sealText(JSON.stringify(doc));
  };
  const toTencent = (b64: string) => b64.replaceAll('+', '*').replaceAll('/', '-').replaceAll('=', '_');

  const garbage: [string, string][] = [
    ['empty', ''],
    ['not base64 at all', 'this is not a usersig!'],
    ['standard base64 alphabet instead of Tencent’s', inflateUserSig(userSig).toString('base64')],
    ['random Tencent base64', toTencent(randomBytes(120).toString('base64'))],
    ['padding in the middle', `${userSig.slice(0, 10)}_${userSig.slice(11)}`],
    ['valid base64, not zlib', toTencent(Buffer.from('{"TLS.ver":"2.0"}').toString('base64'))],
    ['truncated zlib stream', userSig.slice(0, Math.floor(userSig.length / 2))],
    ['zlib of non-JSON', sealText('hello, world')],
    ['zlib of non-UTF-8 bytes', sealBytes(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))],
    ['zlib of a JSON array', sealText('[1,2,3]')],
    ['zlib of JSON null', sealText('null')],
    ['zlib of a JSON string', sealText('"TLS.ver"')],
    ['zlib bomb (1 MiB of spaces)', sealBytes(Buffer.alloc(1024 * 1024, 0x20))],
    ['huge input', 'A'.repeat(1_000_000)],
    ['one character over the cap', 'A'.repeat(USERSIG_MAX_LENGTH + 1)],
    ['TLS.ver 1.0', docWith((d) => (d['TLS.ver'] = '1.0'))],
    ['TLS.ver as number', docWith((d) => (d['TLS.ver'] = 2))],
    ['TLS.sdkappid as string', docWith((d) => (d['TLS.sdkappid'] = '1400000001'))],
    ['TLS.time as string', docWith((d) => (d['TLS.time'] = String(issued.now)))],
    ['TLS.time fractional', docWith((d) => (d['TLS.time'] = issued.now + 0.5))],
    ['TLS.expire negative', docWith((d) => (d['TLS.expire'] = -1))],
    ['TLS.expire huge', docWith((d) => (d['TLS.expire'] = 1e300))],
    ['TLS.identifier as number', docWith((d) => (d['TLS.identifier'] = 42))],
    ['TLS.sig not base64', docWith((d) => (d['TLS.sig'] = 'not base64!'))],
    ['TLS.sig of 31 bytes', docWith((d) => (d['TLS.sig'] = randomBytes(31).toString('base64')))],
    ['TLS.sig as array', docWith((d) => (d['TLS.sig'] = [1, 2]))],
    ['TLS.userbuf as number', docWith((d) => (d['TLS.userbuf'] = 5))],
    ['TLS.userbuf non-canonical base64', docWith((d) => (d['TLS.userbuf'] = 'YWJj\n'))],
  ];
  for (const field of ['TLS.ver', 'TLS.identifier', 'TLS.sdkappid', 'TLS.expire', 'TLS.time', 'TLS.sig']) {
    garbage.push([`JSON missing ${field}`, docWith((d) => delete d[field])]);
  }

  for (const [label, input] of garbage) {
    it(label, () => {
      expectParleyError(() => verify(input), 'USERSIG_INVALID');
      expectParleyError(() => decodeUserSig(input), 'USERSIG_INVALID');
    });
  }

  it('the zlib bomb fits the length cap, so it is the inflate cap that stops it', () => {
    expect(sealBytes(Buffer.alloc(1024 * 1024, 0x20)).length).toBeLessThan(USERSIG_MAX_LENGTH);
  });

  it('accepts a padded sig without its "_" padding too (SDKs differ), and nothing else extra', () => {
    // Find a deterministic sig whose encoding is padded.
    let padded = userSig;
    for (let i = 0; !padded.endsWith('_'); i++) padded = genUserSig({ ...issued, userId: `u${i}` });
    const userId = decodeUserSig(padded).identifier;
    const expected = verify(padded, { userId });
    expect(verify(padded.replace(/_+$/, ''), { userId })).toEqual(expected);
    expectParleyError(() => verify(`${padded}_`, { userId }), 'USERSIG_INVALID');
  });
});

describe('decodeUserSig', () => {
  it('reads the claims without verifying them (wrong-key sig still decodes)', () => {
    const foreign = genUserSig({ ...issued, secretKey: 'some other key', sdkAppId: 1400000099 });
    expect(decodeUserSig(foreign)).toEqual({
      sdkAppId: 1400000099,
      identifier: 'alice',
      time: issued.now,
      expire: 3600,
    });
  });
});

describe('genUserSig arguments', () => {
  const bad: [string, Partial<Parameters<typeof genUserSig>[0]>][] = [
    ['negative expire', { expireSeconds: -1 }],
    ['fractional expire', { expireSeconds: 1.5 }],
    ['fractional sdkAppId', { sdkAppId: 1.5 }],
    ['NaN now', { now: Number.NaN }],
    ['empty userId', { userId: '' }],
    ['empty secretKey', { secretKey: '' }],
    ['lone surrogate in userId', { userId: 'a\ud800' }],
  ];
  for (const [label, overrides] of bad) {
    it(`throws on ${label}`, () => {
      expect(() => genUserSig({ ...issued, ...overrides })).toThrow(/genUserSig/);
    });
  }
});
