import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serverEnvSchema } from '../src/server-config.ts';

// No Docker engine runs here, so the deployment file is checked for what can be checked without one.
const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string> }>;
};
const known = new Set(Object.keys(serverEnvSchema.shape));

describe('docker-compose.yml', () => {
  it('runs MySQL 8, MongoDB 7, Redis 7, Kafka, the admin API and two gateways behind a load balancer', () => {
    const images = Object.values(compose.services).map((s) => s.image ?? '');
    expect(images).toEqual(
      expect.arrayContaining([
        'mysql:8.0',
        'mongo:7',
        'redis:7-alpine',
        'apache/kafka:3.9.1',
        'nginx:1.27-alpine',
      ]),
    );
    expect(compose.services['admin-api']?.environment?.PARLEY_ROLE).toBe('admin');
    expect(compose.services['gateway-1']?.environment?.PARLEY_ROLE).toBe('gateway');
    expect(compose.services['gateway-2']?.environment?.PARLEY_ROLE).toBe('gateway');
  });

  it('sets only environment variables Parley reads, and each Parley service validates', () => {
    for (const name of ['admin-api', 'gateway-1', 'gateway-2']) {
      const env = compose.services[name]?.environment ?? {};
      for (const key of Object.keys(env)) expect(known, `${name}: ${key}`).toContain(key);
      const resolved = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          String(value)
            // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own ${…} syntax, not a template
            .replace('${PARLEY_MASTER_KEY:?set PARLEY_MASTER_KEY}', 'a'.repeat(64))
            .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
            .replace(/\$\{[^}]+\}/g, 'placeholder-value-123'),
        ]),
      );
      const parsed = serverEnvSchema.safeParse(resolved);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('gives every gateway replica its own node id', () => {
    const ids = ['gateway-1', 'gateway-2'].map((name) => compose.services[name]?.environment?.PARLEY_NODE_ID);
    expect(new Set(ids).size).toBe(2);
  });
});
