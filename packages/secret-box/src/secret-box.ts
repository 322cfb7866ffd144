import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';

/** Seals short secrets (app secret keys, callback tokens) for storage; see createSecretBox. */
export interface SecretBox {
  /** Encrypts `plaintext`, bound to `aad` (the value's place, e.g. `app:1400000001:secretKey`). */
  seal(plaintext: string, aad: string): string;
  /** Decrypts a sealed value; throws when the key, the aad or any byte differs. */
  open(sealed: string, aad: string): string;
  /** True for strings shaped like a sealed value (format check only; nothing is decrypted). */
  isSealed(value: string): boolean;
}

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// The prefix and the smallest payload (iv | tag, empty plaintext): 28 bytes = 38 base64url characters.
const MIN_SEALED_LENGTH = PREFIX.length + Math.ceil(((IV_BYTES + TAG_BYTES) * 4) / 3);

/** One message for every failure, so it can reveal neither the secret nor which check failed. */
const OPEN_FAILED =
  'secret-box: cannot open the sealed value (wrong master key, wrong context, or altered data).';

/**
 * AES-256-GCM with a random 96-bit IV per seal and a 128-bit tag. Output: `v1:` + base64url(iv | tag |
 * ciphertext). The AAD is authenticated but not stored, so a ciphertext copied to another app or field
 * fails to open there. Random IVs stay far below GCM's collision bound at this use's volume (one
 * seal per secret write).
 */
export function createSecretBox(masterKey: Buffer): SecretBox {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32) {
    throw new TypeError('secret-box: the master key must be a Buffer of exactly 32 bytes.');
  }
  // A KeyObject holds its own copy, so the caller may wipe or reuse its Buffer.
  const key = createSecretKey(Buffer.from(masterKey));

  function isSealed(value: string): boolean {
    return (
      typeof value === 'string' &&
      value.startsWith(PREFIX) &&
      value.length >= MIN_SEALED_LENGTH &&
      BASE64URL.test(value.slice(PREFIX.length))
    );
  }

  return {
    seal(plaintext, aad) {
      if (/\p{Cs}/u.test(plaintext))
        throw new TypeError('secret-box: the plaintext is not well-formed Unicode.');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    },

    open(sealed, aad) {
      if (!isSealed(sealed)) throw new Error(OPEN_FAILED);
      const payload = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      // Non-canonical base64url (stray trailing bits) would let two strings open to one secret.
      if (payload.toString('base64url') !== sealed.slice(PREFIX.length)) throw new Error(OPEN_FAILED);
      const iv = payload.subarray(0, IV_BYTES);
      const tag = payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const ciphertext = payload.subarray(IV_BYTES + TAG_BYTES);
      try {
        // authTagLength pins the tag at 16 bytes: without it Node accepts truncated tags.
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // The cause (OpenSSL's "unable to authenticate data") is dropped: it adds nothing and could grow.
        throw new Error(OPEN_FAILED);
      }
    },

    isSealed,
  };
}
