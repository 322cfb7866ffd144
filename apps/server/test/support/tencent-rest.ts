import { request as httpRequest } from 'node:http';
import { genUserSig } from '@parley/usersig';

/** A Tencent REST reply as the tests read it: the HTTP status and the JSON envelope. */
export interface RestReply {
  status: number;
  body: { ActionStatus: string; ErrorCode: number; ErrorInfo: string } & Record<string, unknown>;
}

export interface RestCallOptions {
  method?: 'GET' | 'POST';
  /** Replaces query parameters (undefined removes one). */
  query?: Record<string, string | undefined>;
  /** A raw body in place of JSON.stringify(body). */
  raw?: string;
  /** The Content-Type header (application/json unless given); null sends none. */
  contentType?: string | null;
}

/**
 * A Tencent app server's view of Parley: `POST <base>/v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=
 * &contenttype=json` with a JSON body, exactly as Tencent's REST docs show the request.
 */
export function tencentRest(
  baseUrl: string,
  sdkAppId: number,
  secretKey: string,
  identifier = 'administrator',
) {
  const userSig = genUserSig({ sdkAppId, secretKey, userId: identifier, expireSeconds: 86_400 });
  return {
    async call(command: string, body: unknown, options: RestCallOptions = {}): Promise<RestReply> {
      const params: Record<string, string | undefined> = {
        sdkappid: String(sdkAppId),
        identifier,
        usersig: userSig,
        random: String(Math.floor(Math.random() * 2 ** 32)),
        contenttype: 'json',
        ...options.query,
      };
      const query = Object.entries(params)
        .filter((entry): entry is [string, string] => entry[1] !== undefined)
        .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
        .join('&');
      const url = `${baseUrl}/v4/${command}?${query}`;
      const payload = options.raw ?? JSON.stringify(body);
      // fetch() sends no body with GET and always a Content-Type with a body: node:http does as told.
      const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
      return send(options.method ?? 'POST', url, payload, contentType);
    },
  };
}

function send(method: string, url: string, payload: string, contentType: string | null): Promise<RestReply> {
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(payload) };
  if (contentType !== null) headers['content-type'] = contentType;
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as RestReply['body'] });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

export type TencentRest = ReturnType<typeof tencentRest>;
