import { createHmac } from 'node:crypto';

/** The fields that TLS.sig authenticates, as they appear in the document. */
export interface SignedFields {
  identifier: string;
  sdkAppId: number;
  time: number;
  expire: number;
  /** TLS.userbuf exactly as written in the document (standard base64), when the sig carries one. */
  userBufBase64?: string | undefined;
}

/**
 * TLSSigAPIv2's content to sign. The order (identifier, sdkappid, time, expire) differs from the
 * JSON key order (expire before time) in Tencent's SDKs; both are reproduced exactly.
 */
function userSigSignedContent(fields: SignedFields): string {
  let content =
    `TLS.identifier:${fields.identifier}\n` +
    `TLS.sdkappid:${fields.sdkAppId}\n` +
    `TLS.time:${fields.time}\n` +
    `TLS.expire:${fields.expire}\n`;
  if (fields.userBufBase64 !== undefined) content += `TLS.userbuf:${fields.userBufBase64}\n`;
  return content;
}

/** HMAC-SHA256 of the signed content under the app's secret key (both UTF-8), as raw bytes. */
export function userSigHmac(secretKey: string, fields: SignedFields): Buffer {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8'))
    .update(Buffer.from(userSigSignedContent(fields), 'utf8'))
    .digest();
}
