/**
 * Tencent's "base64 url" as every TLSSigAPIv2 SDK writes it: standard base64 with
 * '+' → '*', '/' → '-', '=' → '_'. It is NOT RFC 4648 base64url ('-' means '/' here, not '+').
 */
export function encodeTencentBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

const TENCENT_BASE64 = /^[A-Za-z0-9*-]+_{0,2}$/;

/**
 * Decodes Tencent's base64, padded or not. Returns undefined for anything that is not the canonical
 * encoding of some bytes, so that one UserSig string has exactly one byte sequence behind it
 * (Node's own base64 decoder silently skips bad characters and stray bits).
 */
export function decodeTencentBase64(text: string): Buffer | undefined {
  if (!TENCENT_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
  const canonical = encodeTencentBase64(bytes);
  return text === canonical || text === canonical.replace(/_+$/, '') ? bytes : undefined;
}

/** Standard base64 (the alphabet of TLS.sig and TLS.userbuf inside the document), canonical form only. */
export function decodeCanonicalBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
