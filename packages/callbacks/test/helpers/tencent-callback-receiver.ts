import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An app server's callback endpoint written to Tencent's documentation (third-party callback overview):
 * POST with `SdkAppid, CallbackCommand, contenttype=json, ClientIP, OptPlatform` in the query; it checks the
 * SdkAppid is its own, and when it has a token, that `Sign` = sha256(token + RequestTime) and RequestTime is
 * within a minute. Requests failing a check are answered 401 and not passed to the handler.
 */
interface ReceivedCallback {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

interface ReceiverReply {
  status?: number;
  /** Sent as JSON; default `{ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 }`. */
  json?: unknown;
  /** Sent as is instead of `json`. */
  raw?: string;
  /** Waits this long before answering. */
  delayMs?: number;
}

export interface CallbackReceiver {
  port: number;
  /** The URL to configure as the app's callbacks.url. */
  url: string;
  /** Accepted requests, in arrival order. */
  received: ReceivedCallback[];
  /** Why requests were refused (bad signature, stale time, wrong SdkAppid…). */
  refused: string[];
  reply(handler: (callback: ReceivedCallback) => ReceiverReply): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  sdkAppId: number;
  /** The callback token the app server was given; empty: requests are not signed. */
  token: string;
  /** Listen on this port (restart after a simulated outage); default: any free port. */
  port?: number;
}

const OK = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };

export async function startCallbackReceiver(options: ReceiverOptions): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const refused: string[] = [];
  let handler: (callback: ReceivedCallback) => ReceiverReply = () => ({ json: OK });

  function check(request: IncomingMessage, query: URLSearchParams, raw: string): string | ReceivedCallback {
    if (request.method !== 'POST') return `method ${request.method}`;
    if (query.get('SdkAppid') !== String(options.sdkAppId)) return `SdkAppid ${query.get('SdkAppid')}`;
    if (query.get('contenttype') !== 'json') return 'contenttype';
    for (const name of ['CallbackCommand', 'ClientIP', 'OptPlatform']) {
      if (!query.get(name)) return `missing ${name}`;
    }
    if (options.token !== '') {
      const sign = query.get('Sign') ?? '';
      const requestTime = query.get('RequestTime') ?? '';
      if (!/^\d+$/.test(requestTime) || Math.abs(Date.now() / 1000 - Number(requestTime)) > 60)
        return 'RequestTime';
      const expected = createHash('sha256')
        .update(options.token + requestTime)
        .digest('hex');
      if (sign.length !== expected.length || !timingSafeEqual(Buffer.from(sign), Buffer.from(expected)))
        return 'Sign';
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return 'body is not JSON';
    }
    if (typeof body !== 'object' || body === null) return 'body is not an object';
    const record = body as Record<string, unknown>;
    if (record.CallbackCommand !== query.get('CallbackCommand')) return 'CallbackCommand differs in body';
    return {
      path: new URL(request.url ?? '/', 'http://x').pathname,
      query: Object.fromEntries(query),
      body: record,
    };
  }

  function answer(response: ServerResponse, reply: ReceiverReply): void {
    const send = () => {
      if (response.destroyed) return;
      response.statusCode = reply.status ?? 200;
      response.setHeader('content-type', 'application/json');
      response.end(reply.raw ?? JSON.stringify(reply.json ?? OK));
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const query = new URL(request.url ?? '/', 'http://x').searchParams;
      const result = check(request, query, Buffer.concat(chunks).toString('utf8'));
      if (typeof result === 'string') {
        refused.push(result);
        answer(response, { status: 401, json: { ActionStatus: 'FAIL', ErrorInfo: result, ErrorCode: 1 } });
        return;
      }
      received.push(result);
      answer(response, handler(result));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/im/callback`,
    received,
    refused,
    reply(next) {
      handler = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
