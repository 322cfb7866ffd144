import type { MonitoringReader } from '@parley/telemetry';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appErrors, sdkAppIdParams, securityBoth } from '../schemas/common.ts';

const window = z.object({
  sdkAppId: z.number().int().nullable(),
  interface: z.string(),
  windowStart: z.string(),
  windowMs: z.number().int(),
  calls: z.number().int(),
  successRate: z.number(),
  avgDelayMs: z.number(),
});

/** Monitoring data of one app: success rate and average delay per interface per window (privacy policy §4). */
export function monitoringRoutes(reader: MonitoringReader): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/apps/:sdkAppId/monitoring',
      {
        schema: {
          tags: ['monitoring'],
          summary: 'Success rate and average delay per interface',
          description:
            'Monitoring data is kept 2 days (privacy policy §6): `from` is clamped to now − 2 days.',
          security: securityBoth,
          params: sdkAppIdParams,
          querystring: z.object({
            interface: z.string().max(128).optional(),
            from: z.iso.datetime().optional().meta({ description: 'Default: 1 hour ago.' }),
            to: z.iso.datetime().optional().meta({ description: 'Default: now.' }),
          }),
          response: { 200: z.object({ windows: z.array(window) }), ...appErrors },
        },
      },
      async (request) => {
        const now = app.now();
        const to = request.query.to ? new Date(request.query.to) : new Date(now);
        const from = request.query.from ? new Date(request.query.from) : new Date(now - 3_600_000);
        const windows = await reader.query({
          sdkAppId: request.params.sdkAppId,
          from,
          to,
          ...(request.query.interface === undefined ? {} : { interface: request.query.interface }),
        });
        return { windows };
      },
    );
  };
}
