/**
 * Which real services the integration and contract suites run against. The URLs come from the same
 * environment variables the server reads (printed by `infra/local/env.sh`). In CI (`CI=true`) every
 * service is required: a missing one fails the run instead of skipping.
 */
export const serviceEnvVars = {
  mysql: 'PARLEY_MYSQL_URL',
  mongo: 'PARLEY_MONGO_URL',
  redis: 'PARLEY_REDIS_URL',
  kafka: 'PARLEY_KAFKA_BROKERS',
} as const;

export type ServiceName = keyof typeof serviceEnvVars;

export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/** The URL of a real service, or undefined when the suite must be skipped (never in CI). */
export function realServiceUrl(name: ServiceName): string | undefined {
  const value = process.env[serviceEnvVars[name]];
  if (value) return value;
  if (isCi()) {
    throw new Error(
      `${serviceEnvVars[name]} is not set: CI requires the real ${name} service (see .ci/run).`,
    );
  }
  return undefined;
}

export function missingServices(): ServiceName[] {
  return (Object.keys(serviceEnvVars) as ServiceName[]).filter((name) => !process.env[serviceEnvVars[name]]);
}
