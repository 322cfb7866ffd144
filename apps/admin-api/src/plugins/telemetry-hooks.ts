import type { InterfaceCall } from '@parley/telemetry';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The catalogue error the request ended with, set by the error handler (telemetry reads code and name). */
    parleyError?: { code: number; name: string };
    /** The app of a Tencent REST call (/v4), whose SDKAppID travels in the query string. */
    restSdkAppId?: number;
  }
}

/**
 * Each admin route is an "interface" of the privacy policy: its template (never the raw URL), the client
 * address, the time, and for a failure the catalogue code and name. Recording is synchronous and in memory.
 */
export const telemetryHooksPlugin = fp<{ record: (call: InterfaceCall) => void }>(
  async (app: FastifyInstance, { record }) => {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route || route.startsWith('/docs') || route === '/metrics') return;
      const sdkAppId =
        request.restSdkAppId ?? Number((request.params as { sdkAppId?: unknown } | undefined)?.sdkAppId);
      const startedAt = Date.now() - reply.elapsedTime;
      const call: InterfaceCall = {
        sdkAppId: Number.isSafeInteger(sdkAppId) && sdkAppId > 0 ? sdkAppId : null,
        interface: `${request.method}:${route}`,
        clientIp: request.ip,
        startedAt,
        durationMs: reply.elapsedTime,
      };
      if (request.parleyError) call.error = request.parleyError;
      record(call);
    });
  },
  { name: 'parley-telemetry-hooks' },
);
