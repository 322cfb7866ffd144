import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { errorCatalogue } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';

let fx: AdminApiFixture;
let port: number;
beforeEach(async () => {
  fx = await startAdminApi();
  await fx.api.listen({ port: 0, host: '127.0.0.1' });
  port = (fx.api.server.address() as AddressInfo).port;
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

/** Sends raw bytes on a fresh connection and returns everything the server wrote before closing it. */
function raw(bytes: string, options: { destroyAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    setTimeout(() => reject(new Error('the server did not close the connection')), 5_000).unref();
  });
}

/** Status and parsed JSON body of a raw HTTP/1.1 response. */
function parse(response: string): { status: number; body: unknown } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) };
}

function catalogueBody(name: keyof typeof errorCatalogue) {
  return { error: { code: errorCatalogue[name].code, name, message: expect.any(String) } };
}

function levels(): number[] {
  return fx.logLines.map((line) => (JSON.parse(line) as { level: number }).level);
}

describe('fastify’s own refusals are catalogue errors', () => {
  it('a path that is not valid percent-encoded UTF-8: 400 INVALID_REQUEST, not FST_ERR_BAD_URL', async () => {
    const reply = await fx.inject({ method: 'GET', url: '/v1/apps/%ED%A0%80/config', auth: fx.operator });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(catalogueBody('INVALID_REQUEST'));
    expect(reply.text).not.toContain('FST_');
  });

  it('an app ID over 100 characters: 414 URI_TOO_LONG, not FST_ERR_MAX_PARAM_LENGTH', async () => {
    const reply = await fx.inject({ method: 'GET', url: `/v1/apps/${'1'.repeat(101)}`, auth: fx.operator });
    expect(reply.status).toBe(414);
    expect(reply.json).toEqual(catalogueBody('URI_TOO_LONG'));
  });

  it('malformed raw HTTP: 400 INVALID_REQUEST written on the socket', async () => {
    const response = parse(await raw('GARBAGE\r\n\r\n'));
    expect(response).toEqual({ status: 400, body: catalogueBody('INVALID_REQUEST') });
  });

  it('20 KB of headers: 431 HEADERS_TOO_LARGE', async () => {
    const response = parse(
      await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(response).toEqual({ status: 431, body: catalogueBody('HEADERS_TOO_LARGE') });
    expect(levels().every((level) => level < 40)).toBe(true);
  });

  it('a malformed body after the reply began: the connection is closed, no second response on it', async () => {
    const response = await raw(
      'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    );
    expect(response.split('HTTP/1.1 ')).toHaveLength(2);
    expect(parse(response)).toEqual({ status: 404, body: catalogueBody('NOT_FOUND') });
  });
});

describe('a client that aborts is not an error', () => {
  it('a body cut short by a disconnect logs nothing above debug', async () => {
    await raw(
      'PATCH /nope HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"',
      {
        destroyAfterMs: 50,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await fx.inject({ method: 'GET', url: '/healthz' });
    expect(health.status).toBe(200);
    expect(fx.logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40)).toEqual([]);
  });
});
