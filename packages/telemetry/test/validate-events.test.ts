import { describe, expect, it } from 'vitest';
import { type TelemetryEvent, telemetryEventSchema, validateEvents } from '../src/index.ts';

const log = {
  category: 'log',
  sdkAppId: 1400000000,
  interface: 'ws.send',
  clientIp: '203.0.113.9',
  requestTime: '2026-11-29T01:00:00.000Z',
};
const monitoring = {
  category: 'monitoring',
  sdkAppId: null,
  interface: 'GET:/v1/apps/:sdkAppId/config',
  windowStart: '2026-11-29T01:00:00.000Z',
  windowMs: 60000,
  calls: 3,
  successRate: 0.5,
  avgDelayMs: 1.25,
};

// Valid events, events with extra keys (dropped), and events broken one field at a time.
const cases: unknown[] = [
  log,
  monitoring,
  { ...log, error: { code: 20007, name: 'BLACKLISTED' } },
  { ...log, clientIp: 'unknown' },
  { ...log, clientIp: '2001:db8::1' },
  {
    ...log,
    body: 'secret text',
    userId: 'alice',
    error: { code: 1, name: 'X', message: 'leak', stack: 'at …' },
  },
  { ...monitoring, extra: true },
  { ...log, sdkAppId: 0 },
  { ...log, sdkAppId: 1.5 },
  { ...log, sdkAppId: '1400000000' },
  { ...log, interface: 'has space' },
  { ...log, interface: '' },
  { ...log, clientIp: 'not-an-ip' },
  { ...log, clientIp: 42 },
  { ...log, requestTime: 'yesterday' },
  { ...log, requestTime: '2026-11-29' },
  { ...log, error: { code: 'x', name: 'BLACKLISTED' } },
  { ...log, error: { code: 1, name: 'a sentence with spaces' } },
  { ...log, error: null },
  { ...monitoring, windowMs: 0 },
  { ...monitoring, calls: -1 },
  { ...monitoring, successRate: 1.5 },
  { ...monitoring, avgDelayMs: -1 },
  { ...monitoring, windowStart: 12 },
  { ...log, category: 'audit' },
  null,
  'log',
];

describe('validateEvents (the sinks’ hand-written edge check)', () => {
  it('gives the same verdict and the same rebuilt event as the policy-derived zod schemas, case by case', () => {
    for (const event of cases) {
      const dropped = { log: 0, monitoring: 0 };
      const ours = validateEvents([event as TelemetryEvent], dropped);
      const reference = telemetryEventSchema.safeParse(event);
      expect(ours.length, JSON.stringify(event)).toBe(reference.success ? 1 : 0);
      if (reference.success) expect(ours[0]).toEqual(reference.data);
      else expect(dropped.log + dropped.monitoring).toBe(1);
    }
  });
});
