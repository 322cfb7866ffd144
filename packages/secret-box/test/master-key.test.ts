import { parseMasterKey } from '@parley/secret-box';
import { describe, expect, it } from 'vitest';

const key = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff', 'hex');

describe('parseMasterKey', () => {
  it('accepts 64 hex characters (either case), base64 and base64url, padded or not, trimmed', () => {
    const forms = [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64').replace(/=$/, ''),
      key.toString('base64url'),
      `${key.toString('base64url')}=`,
      `  ${key.toString('hex')}\n`,
    ];
    for (const text of forms) expect(parseMasterKey(text).equals(key), text).toBe(true);
  });

  it('accepts a key whose base64 and base64url differ, in each alphabet', () => {
    const mixed = Buffer.alloc(32, 0xfb); // base64 "+/+/…" vs base64url "-_-_…"
    expect(parseMasterKey(mixed.toString('base64')).equals(mixed)).toBe(true);
    expect(parseMasterKey(mixed.toString('base64url')).equals(mixed)).toBe(true);
  });

  const bad: [string, string][] = [
    ['empty', ''],
    ['63 hex characters', key.toString('hex').slice(1)],
    ['65 hex characters', `${key.toString('hex')}0`],
    ['non-hex 64 characters', 'g'.repeat(64)],
    ['base64 of 31 bytes', key.subarray(1).toString('base64')],
    ['base64 of 33 bytes', Buffer.concat([key, Buffer.from([1])]).toString('base64')],
    ['both base64 alphabets at once', `+_${key.toString('base64url').slice(2)}`],
    ['non-zero spare bits in the last character', `${key.toString('base64url').slice(0, 42)}B`],
    ['a passphrase', 'correct horse battery staple'],
  ];
  for (const [label, text] of bad) {
    it(`rejects ${label}, listing the accepted forms without echoing the text`, () => {
      let message = '';
      try {
        parseMasterKey(text);
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      expect(message).toMatch(/64 hexadecimal characters.*base64 \/ base64url/);
      if (text.length > 0) expect(message).not.toContain(text);
    });
  }
});
