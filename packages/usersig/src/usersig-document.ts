/** The inflated JSON of a UserSig v2, with its fields typed as Tencent's SDKs write them. */
export interface UserSigDocument {
  identifier: string;
  sdkAppId: number;
  /** Lifetime in seconds, counted from `time`. */
  expire: number;
  /** Issue time, unix seconds. */
  time: number;
  /** TLS.userbuf: standard base64 of the user buffer, present only when one was signed. */
  userBufBase64?: string | undefined;
  /** TLS.sig: standard base64 of the HMAC-SHA256. */
  sig: string;
}

/**
 * Serialises the document as compact JSON with the key order of Tencent's Python, PHP and Go SDKs:
 * ver, identifier, sdkappid, expire, time, [userbuf], sig. sdkappid/expire/time are JSON numbers and
 * the rest strings, as in every Tencent SDK. (Tencent's own SDKs disagree on whitespace, escaping and
 * key order among themselves; verifiers parse the JSON, so all of them interoperate.)
 */
export function serialiseUserSigDocument(doc: UserSigDocument): string {
  const json: Record<string, string | number> = {
    'TLS.ver': '2.0',
    'TLS.identifier': doc.identifier,
    'TLS.sdkappid': doc.sdkAppId,
    'TLS.expire': doc.expire,
    'TLS.time': doc.time,
  };
  if (doc.userBufBase64 !== undefined) json['TLS.userbuf'] = doc.userBufBase64;
  json['TLS.sig'] = doc.sig;
  return JSON.stringify(json);
}
