import { createSecretBox } from '@parley/secret-box';
import { describe, expect, it } from 'vitest';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const box = createSecretBox(key);
const AAD = 'app:1400000001:secretKey';
const SECRET = 'tencent-secret-ünï';
const OPEN_FAILED = /^secret-box: cannot open the sealed value/;

/** Replaces payload byte `index` (of iv | tag | ciphertext) with itself XOR 0x01. */
function flipPayloadByte(sealed: string, index: number): string {
  const payload = Buffer.from(sealed.slice(3), 'base64url');
  payload[index] = (payload[index] ?? 0) ^ 0x01;
  return `v1:${payload.toString('base64url')}`;
}

function openError(sealed: string, aad = AAD, opener = box): Error {
  try {
    opener.open(sealed, aad);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('open() succeeded on a value it must reject');
}

describe('createSecretBox', () => {
  it('round-trips empty, ASCII, Unicode and long plaintexts, with any aad', () => {
    for (const plaintext of ['', 'x', SECRET, '🔑 密钥 \u2028 "quoted"\n', 'k'.repeat(10_000)]) {
      for (const aad of ['', AAD, 'app:1400000002:callback.token']) {
        expect(box.open(box.seal(plaintext, aad), aad)).toBe(plaintext);
      }
    }
  });

  it('writes v1: + base64url(iv 12 | tag 16 | ciphertext), a fresh IV each time', () => {
    const a = box.seal(SECRET, AAD);
    const b = box.seal(SECRET, AAD);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(Buffer.from(a.slice(3), 'base64url').length).toBe(12 + 16 + Buffer.byteLength(SECRET));
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64url').subarray(0, 12)).not.toEqual(
      Buffer.from(b.slice(3), 'base64url').subarray(0, 12),
    );
  });

  it('opens a value sealed by an independent AES-GCM (Python cryptography, fixed IV)', () => {
    // AESGCM(bytes(range(32))).encrypt(bytes.fromhex('000102030405060708090a0b'), SECRET, AAD), laid out iv|tag|ct.
    const sealedByPython = 'v1:AAECAwQFBgcICQoL7Uq9gp0BivePd6L0N-cZQjNnuHigi7Y2_iT0-dSdVa4_uESb';
    expect(box.open(sealedByPython, AAD)).toBe(SECRET);
  });

  it('opens the GCM specification’s AES-256 test case 14 (zero key, zero IV, 16 zero bytes)', () => {
    const iv = Buffer.alloc(12);
    const tag = Buffer.from('d0d1c8a799996bf0265b98b5d48ab919', 'hex');
    const ciphertext = Buffer.from('cea7403d4d606b6e074ec5d3baf39d18', 'hex');
    const sealed = `v1:${Buffer.concat([iv, tag, ciphertext]).toString('base64url')}`;
    expect(createSecretBox(Buffer.alloc(32)).open(sealed, '')).toBe('\0'.repeat(16));
  });

  it('rejects a flipped bit in every byte of iv, tag and ciphertext', () => {
    const sealed = box.seal(SECRET, AAD);
    const length = Buffer.from(sealed.slice(3), 'base64url').length;
    for (let i = 0; i < length; i++) {
      expect(openError(flipPayloadByte(sealed, i)).message, `byte ${i}`).toMatch(OPEN_FAILED);
    }
  });

  it('rejects a changed, missing or doubled prefix', () => {
    const sealed = box.seal(SECRET, AAD);
    for (const variant of [
      `v2:${sealed.slice(3)}`,
      `V1:${sealed.slice(3)}`,
      sealed.slice(3),
      `v1:${sealed}`,
    ]) {
      expect(openError(variant).message).toMatch(OPEN_FAILED);
    }
  });

  it('rejects truncation (short tag, missing ciphertext), extension and stray characters', () => {
    const sealed = box.seal(SECRET, AAD);
    const payload = Buffer.from(sealed.slice(3), 'base64url');
    const truncatedTag = Buffer.concat([payload.subarray(0, 24), payload.subarray(28)]);
    const variants = [
      `v1:${truncatedTag.toString('base64url')}`,
      `v1:${payload.subarray(0, 28).toString('base64url')}`,
      `v1:${payload.subarray(0, 20).toString('base64url')}`,
      `v1:${Buffer.concat([payload, Buffer.from([0])]).toString('base64url')}`,
      `${sealed}=`,
      `${sealed.slice(0, 10)}+${sealed.slice(11)}`,
    ];
    for (const variant of variants) expect(openError(variant).message).toMatch(OPEN_FAILED);
  });

  it('rejects a non-canonical base64url spelling of the very same bytes', () => {
    // 1 byte of plaintext → 29-byte payload → 39 characters whose last one carries 2 spare bits.
    const sealed = box.seal('a', AAD);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sealed.at(-1) ?? '');
    const variant = sealed.slice(0, -1) + (alphabet[last + 1] ?? '');
    expect(Buffer.from(variant.slice(3), 'base64url')).toEqual(Buffer.from(sealed.slice(3), 'base64url'));
    expect(box.open(sealed, AAD)).toBe('a');
    expect(openError(variant).message).toMatch(OPEN_FAILED);
  });

  it('rejects another master key', () => {
    const other = createSecretBox(Buffer.alloc(32, 7));
    expect(openError(box.seal(SECRET, AAD), AAD, other).message).toMatch(OPEN_FAILED);
  });

  it('rejects another aad: a ciphertext moved to another app or field does not open', () => {
    const sealed = box.seal(SECRET, 'app:1400000001:secretKey');
    for (const aad of ['app:1400000002:secretKey', 'app:1400000001:callback.token', '', `${AAD} `]) {
      expect(openError(sealed, aad).message).toMatch(OPEN_FAILED);
    }
  });

  it('names no secret in its errors (plaintext, key, aad) and keeps no cause', () => {
    const error = openError(flipPayloadByte(box.seal(SECRET, AAD), 30));
    for (const secret of [SECRET, key.toString('hex'), key.toString('base64'), AAD]) {
      expect(error.message).not.toContain(secret);
    }
    expect(error.cause).toBeUndefined();
  });

  it('isSealed tells sealed values from plaintext without decrypting', () => {
    expect(box.isSealed(box.seal('', AAD))).toBe(true);
    expect(box.isSealed(createSecretBox(Buffer.alloc(32, 1)).seal(SECRET, 'x'))).toBe(true);
    for (const value of [
      '',
      'plain-secret',
      'v1:',
      'v1:short',
      `v2:${'A'.repeat(40)}`,
      `v1:${'A'.repeat(39)}+`,
    ]) {
      expect(box.isSealed(value), value).toBe(false);
    }
  });

  it('refuses master keys that are not 32-byte Buffers, and ill-formed plaintext', () => {
    for (const bad of [Buffer.alloc(31), Buffer.alloc(33), Buffer.alloc(0)]) {
      expect(() => createSecretBox(bad)).toThrow(/exactly 32 bytes/);
    }
    expect(() => createSecretBox('0'.repeat(64) as unknown as Buffer)).toThrow(/exactly 32 bytes/);
    expect(() => box.seal('a\ud800', AAD)).toThrow(/well-formed/);
  });

  it('keeps its own copy of the master key', () => {
    const mutable = Buffer.from(key);
    const own = createSecretBox(mutable);
    const sealed = own.seal(SECRET, AAD);
    mutable.fill(0);
    expect(own.open(sealed, AAD)).toBe(SECRET);
  });
});
