import { fieldsFromIssues, ParleyError, toParleyError } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import './telemetry-hooks.ts';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/**
 * Every error leaves as `{ error: { code, name, message, fields? } }` from the one catalogue.
 * Validation failures list each bad field; unknown throws become INTERNAL (logged with their cause).
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((raw: FastifyError | Error, request, reply) => {
      if (isClientAbort(raw, request)) {
        // The client went away mid-request: its mistake, nobody to answer, nothing to alert on.
        request.log.debug('client aborted the request');
        const aborted = new ParleyError('INVALID_REQUEST', { detail: 'The client aborted the request.' });
        request.parleyError = { code: aborted.code, name: aborted.errorName };
        reply.status(aborted.http).send({ error: aborted.toWire() });
        return;
      }
      const error = normalise(raw);
      if (error.errorName === 'INTERNAL') request.log.error({ err: raw }, 'unhandled error');
      request.parleyError = { code: error.code, name: error.errorName };
      reply.status(error.http).send({ error: error.toWire() });
    });
    app.setNotFoundHandler((request, reply) => {
      const error = new ParleyError('NOT_FOUND', {
        detail: `${request.method} ${request.url.split('?')[0]}`,
      });
      reply.status(error.http).send({ error: error.toWire() });
    });
  },
  { name: 'parley-error-handler' },
);

/** A body cut short because the client closed the connection (Node's "aborted", ECONNRESET). */
function isClientAbort(raw: Error, request: FastifyRequest): boolean {
  const code = (raw as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' && (request.raw.destroyed || request.raw.socket?.destroyed === true);
}

function normalise(raw: FastifyError | Error): ParleyError {
  if (raw instanceof ParleyError) return raw;
  if (hasZodFastifySchemaValidationErrors(raw)) {
    return new ParleyError('INVALID_REQUEST', {
      fields: raw.validation.map((v) => ({
        path: [raw.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      })),
    });
  }
  const fastifyError = raw as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || raw instanceof SyntaxError) {
    return new ParleyError('MALFORMED_JSON');
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ParleyError('FRAME_TOO_LARGE');
  if (
    fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return new ParleyError('INVALID_REQUEST', { detail: raw.message });
  }
  if (fastifyError.validation) {
    return new ParleyError('INVALID_REQUEST', {
      fields: fieldsFromIssues(
        fastifyError.validation.map((v) => ({
          path: v.instancePath.split('/').filter(Boolean),
          message: v.message ?? '',
        })),
      ),
    });
  }
  // Any other refusal of fastify's own (FST_ERR_*, 4xx) is the client's: its message may echo the input.
  if (fastifyError.code?.startsWith('FST_') && (fastifyError.statusCode ?? 500) < 500) {
    return new ParleyError(fastifyError.statusCode === 413 ? 'FRAME_TOO_LARGE' : 'INVALID_REQUEST');
  }
  return toParleyError(raw);
}
