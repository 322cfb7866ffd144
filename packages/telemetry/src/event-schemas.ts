import { z } from 'zod';

/**
 * Telemetry event schemas. Their field sets equal the privacy policy's allowlists
 * (`telemetryFieldAllowlist` of @parley/privacy-policy; a test checks it). They are NOT `.strict()`:
 * parsing drops unknown keys, so anything that slipped into an object is removed, never forwarded.
 */

/** Interface names are operation names or route templates (`/apps/:sdkAppId`), never raw URLs. */
export const INTERFACE_NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,128}$/;
/** Error names are catalogue identifiers (`USERSIG_EXPIRED`): no spaces, so no sentences or messages. */
export const ERROR_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Recorded instead of a client address that is not an IP address. */
export const UNKNOWN_CLIENT_IP = 'unknown';

const sdkAppId = z.int().positive().nullable();
const interfaceName = z.string().regex(INTERFACE_NAME_PATTERN);
const isoTime = z.iso.datetime();

export const logEventSchema = z.object({
  category: z.literal('log'),
  sdkAppId,
  interface: interfaceName,
  clientIp: z.union([z.ipv4(), z.ipv6(), z.literal(UNKNOWN_CLIENT_IP)]),
  requestTime: isoTime,
  error: z.object({ code: z.int(), name: z.string().regex(ERROR_NAME_PATTERN) }).optional(),
});

export const monitoringEventSchema = z.object({
  category: z.literal('monitoring'),
  sdkAppId,
  interface: interfaceName,
  windowStart: isoTime,
  windowMs: z.int().positive(),
  calls: z.int().positive(),
  successRate: z.number().min(0).max(1),
  avgDelayMs: z.number().min(0),
});

export const telemetryEventSchema = z.discriminatedUnion('category', [logEventSchema, monitoringEventSchema]);

export type LogEvent = z.infer<typeof logEventSchema>;
export type MonitoringEvent = z.infer<typeof monitoringEventSchema>;
export type TelemetryEvent = z.infer<typeof telemetryEventSchema>;

/** A monitoring window as read models return it (the event without its discriminator). */
export type MonitoringWindow = Omit<MonitoringEvent, 'category'>;
