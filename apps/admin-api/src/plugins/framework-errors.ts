import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorName, ParleyError } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import './telemetry-hooks.ts';

/**
 * What fastify answers itself, before any route or error handler runs, leaves as a catalogue error too:
 * a path that is not valid percent-encoded UTF-8 (FST_ERR_BAD_URL) and an over-long path parameter
 * (FST_ERR_MAX_PARAM_LENGTH). Passed as the `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let parley: ParleyError;
  if (error.code === 'FST_ERR_BAD_URL') {
    parley = new ParleyError('INVALID_REQUEST', { detail: 'The path is not valid percent-encoded UTF-8.' });
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    parley = new ParleyError('URI_TOO_LONG');
  } else {
    parley = new ParleyError('INTERNAL', { cause: error });
    request.log.error({ err: error }, 'framework error');
  }
  request.parleyError = { code: parley.code, name: parley.errorName };
  reply.status(parley.http).send({ error: parley.toWire() });
}

/** The catalogue error for a request Node's HTTP parser refused (`clientError`), by the parser's code. */
function clientErrorName(code: string | undefined): ErrorName {
  if (code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'INVALID_REQUEST';
}

/**
 * Malformed HTTP (bad request line, 20 KB of headers, a timeout) never reaches fastify's router: the answer is
 * written on the socket, as a catalogue error, and the connection closed. A reset needs no answer. Passed as
 * the `clientErrorHandler` option; these are the client's mistakes, so they are logged at debug only.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const parley = new ParleyError(clientErrorName(error.code));
  this.log.debug({ code: error.code, status: parley.http }, 'malformed HTTP request');
  // As Node's own handler: a socket that cannot be written, or whose current response has begun, is just closed
  // (a second response on it would be read as the tail of the first).
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: parley.toWire() });
  socket.end(
    `HTTP/1.1 ${parley.http} ${STATUS_CODES[parley.http]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
