const ACCEPTED_FORMS =
  'expected 32 bytes written as 64 hexadecimal characters, or as base64 / base64url ' +
  '(43 characters, or 44 ending in "=")';

/**
 * Parses a 256-bit master key from text (an env variable or a key file). Surrounding whitespace is
 * ignored. Errors never echo the text, which may be a slightly mistyped real key.
 */
export function parseMasterKey(text: string): Buffer {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');

  const base64 = /^[A-Za-z0-9+/]{43}=?$/.test(trimmed);
  const base64url = /^[A-Za-z0-9_-]{43}=?$/.test(trimmed);
  if (base64 || base64url) {
    const key = Buffer.from(trimmed, base64 ? 'base64' : 'base64url');
    // The 43rd character carries 2 spare bits; a non-zero value there is a typo, not another key.
    const canonical = key.toString(base64 ? 'base64' : 'base64url').replace(/=+$/, '');
    if (key.length === 32 && canonical === trimmed.replace(/=$/, '')) return key;
  }
  throw new Error(`Invalid master key: ${ACCEPTED_FORMS}; got ${trimmed.length} characters.`);
}
