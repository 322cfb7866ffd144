import { telemetryFieldAllowlist } from '@parley/privacy-policy';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { logEventSchema, monitoringEventSchema } from '../src/index.ts';

/** Every leaf field of an object schema as a dotted path, looking through optional/nullable wrappers. */
function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
    inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape).flatMap(([key, child]) =>
    fieldPaths(child as z.ZodType, prefix ? `${prefix}.${key}` : key),
  );
}

describe('event schemas', () => {
  it('carry exactly the policy allowlist of their category', () => {
    expect(fieldPaths(logEventSchema).sort()).toEqual([...telemetryFieldAllowlist.log].sort());
    expect(fieldPaths(monitoringEventSchema).sort()).toEqual([...telemetryFieldAllowlist.monitoring].sort());
  });

  it('do not carry a per-call duration in log events: the policy lists request time, not duration', () => {
    expect(fieldPaths(logEventSchema)).not.toContain('durationMs');
  });

  it('drop unknown fields instead of rejecting them (not strict), at every level', () => {
    const parsed = logEventSchema.parse({
      category: 'log',
      sdkAppId: 1400000001,
      interface: 'sendMessage',
      clientIp: '203.0.113.7',
      requestTime: '2025-01-01T00:00:00.000Z',
      error: { code: 20007, name: 'BLACKLISTED', message: 'secret', stack: 'at x' },
      userId: 'alice',
      body: 'hello',
    });
    expect(parsed).toEqual({
      category: 'log',
      sdkAppId: 1400000001,
      interface: 'sendMessage',
      clientIp: '203.0.113.7',
      requestTime: '2025-01-01T00:00:00.000Z',
      error: { code: 20007, name: 'BLACKLISTED' },
    });
  });

  it('reject values that could smuggle free text into an allowlisted field', () => {
    const base = {
      category: 'log',
      sdkAppId: null,
      interface: 'login',
      clientIp: '::1',
      requestTime: '2025-01-01T00:00:00.000Z',
    };
    expect(logEventSchema.safeParse(base).success).toBe(true);
    expect(logEventSchema.safeParse({ ...base, interface: '/send?to=alice&text=hi' }).success).toBe(false);
    expect(logEventSchema.safeParse({ ...base, clientIp: 'alice@example.com' }).success).toBe(false);
    expect(
      logEventSchema.safeParse({ ...base, error: { code: 1, name: 'user alice is blocked' } }).success,
    ).toBe(false);
  });
});
