import type { AppConfigService, RuntimeApp } from '@parley/app-config';
import type { RateLimiter } from '@parley/domain';
import { sdkAppIdSchema } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { verifyAppAdmin } from '../plugins/auth.ts';
import '../plugins/telemetry-hooks.ts';
import {
  type RestError,
  RestFailure,
  type RestFailureName,
  restErrorOf,
  restFailures,
} from './rest-codes.ts';
import type { RestCommand, RestService } from './rest-command.ts';

/** The largest request body a /v4 call may carry (the admin API's own limit). */
const REST_BODY_LIMIT = 1024 * 1024;

export interface RestEnvelopeOptions {
  /** Per-command call quota; none: no limit. */
  rateLimiter?: RateLimiter;
  services: readonly RestService[];
}

/**
 * Tencent Chat's REST envelope: `POST /v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json`
 * (GET with a body too), an app admin's UserSig in the query, and a reply that is HTTP 200 whatever happens:
 * `{ ActionStatus: "OK" | "FAIL", ErrorCode, ErrorInfo, ...command fields }`. Each command is its own route, so the
 * route template (`/v4/openim/sendmsg`) is what logs and telemetry record, never the query string.
 * The routes are hidden from the OpenAPI document: their contract is Tencent's REST documentation (docs/tencent-rest.md).
 */
export async function restEnvelopePlugin(app: FastifyInstance, options: RestEnvelopeOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  // Any content type (Tencent's clients send json, text/plain or none): the body is parsed here, 60003 when bad.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: REST_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((raw: FastifyError | Error, request, reply) => {
    sendFailure(request, reply, raw);
  });

  for (const service of options.services) {
    for (const [name, command] of Object.entries(service.commands)) {
      app.route({
        method: ['GET', 'POST'],
        url: `/v4/${service.name}/${name}`,
        schema: { hide: true },
        handler: async (request) => {
          const call = await authenticate(request, app.appConfig);
          await takeQuota(options.rateLimiter, call.app, `${service.name}/${name}`, command);
          const body = await bodyOf(request);
          const parsed = command.input.safeParse(body);
          if (!parsed.success) throw new RestFailure(service.invalidField, describeIssues(parsed.error));
          const fields = await command.run({
            app: call.app,
            admin: call.admin,
            input: parsed.data,
            clientIp: request.ip,
          });
          return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...fields };
        },
      });
    }
  }
  app.route({
    method: ['GET', 'POST'],
    url: '/v4/*',
    schema: { hide: true },
    handler: async (request) => {
      // Telemetry still counts the call against its app when the SDKAppID is well formed.
      const sdkAppId = sdkAppIdSchema.safeParse(Number((request.query as Record<string, unknown>).sdkappid));
      if (sdkAppId.success) request.restSdkAppId = sdkAppId.data;
      throw new RestFailure('BAD_URL');
    },
  });
}

async function authenticate(
  request: FastifyRequest,
  appConfig: AppConfigService,
): Promise<{ app: RuntimeApp; admin: string }> {
  const query = request.query as Record<string, unknown>;
  const rawAppId = query.sdkappid;
  if (rawAppId === undefined || rawAppId === '') throw new RestFailure('SDKAPPID_MISSING');
  const sdkAppId = sdkAppIdSchema.safeParse(Number(rawAppId));
  if (typeof rawAppId !== 'string' || !/^\d+$/.test(rawAppId) || !sdkAppId.success) {
    throw new RestFailure('BAD_SDKAPPID');
  }
  request.restSdkAppId = sdkAppId.data;
  const { identifier, usersig } = query;
  if (typeof identifier !== 'string' || identifier === '') {
    throw new RestFailure('BAD_URL', 'The identifier query parameter is missing.');
  }
  if (typeof usersig !== 'string' || usersig === '') {
    throw new RestFailure('BAD_URL', 'The usersig query parameter is missing.');
  }
  const app = await verifyAppAdmin(appConfig, sdkAppId.data, identifier, usersig);
  // Tencent answers a disabled app's REST calls with 60016, as it does a terminated one's.
  if (app.status === 'disabled') throw new RestFailure('APP_DISABLED');
  return { app, admin: identifier };
}

async function takeQuota(
  limiter: RateLimiter | undefined,
  app: RuntimeApp,
  command: string,
  definition: RestCommand,
): Promise<void> {
  if (!limiter) return;
  const quota = app.config.plan.maxRestCallsPerCommandPerSecond;
  const limit = definition.heavy ? Math.floor(quota / 2) : quota;
  if (!(await limiter.take(`rest:${app.sdkAppId}:${command}`, limit))) throw new RestFailure('RATE_LIMITED');
}

/** The JSON object of the body: fastify's parse for POST, the raw stream for GET (fastify reads no GET body). */
async function bodyOf(request: FastifyRequest): Promise<Record<string, unknown>> {
  const text = request.method === 'GET' ? await readRaw(request) : (request.body as string | undefined);
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RestFailure('BAD_JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RestFailure('BAD_JSON');
  return value as Record<string, unknown>;
}

async function readRaw(request: FastifyRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > REST_BODY_LIMIT) throw new RestFailure('TOO_LARGE');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body's bad fields by path and problem (never their values). */
function describeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

function sendFailure(request: FastifyRequest, reply: FastifyReply, raw: unknown): void {
  const { code, name, info } = failureOf(raw);
  if (name === 'INTERNAL') request.log.error({ err: raw }, 'unhandled error');
  request.parleyError = { code, name };
  reply.status(200).send({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info });
}

function failureOf(raw: unknown): RestError {
  if (raw instanceof RestFailure) return restErrorOf(raw);
  const code = (raw as FastifyError | undefined)?.code;
  const fastifyCode = typeof code === 'string' ? code : undefined;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return restFailure('TOO_LARGE');
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || raw instanceof SyntaxError) {
    return restFailure('BAD_JSON');
  }
  if (fastifyCode?.startsWith('FST_')) return restFailure('BAD_URL');
  return restErrorOf(raw);
}

function restFailure(name: RestFailureName): RestError {
  return { code: restFailures[name].code, name: `REST_${name}`, info: restFailures[name].info };
}
