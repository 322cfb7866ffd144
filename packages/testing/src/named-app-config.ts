/** The name test apps get: `POST /v1/apps` requires `details.name` (docs/configuration.md). */
export const TEST_APP_NAME = 'Test app';

/** The configuration with `details.name` filled in when the test did not give one; anything else as it is. */
export function namedAppConfig(config: unknown): unknown {
  if (config === undefined) return { details: { name: TEST_APP_NAME } };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return config;
  const { details } = config as { details?: unknown };
  if (details !== undefined && (typeof details !== 'object' || details === null)) return config;
  if ((details as { name?: unknown } | undefined)?.name !== undefined) return config;
  return { ...config, details: { name: TEST_APP_NAME, ...(details as object | undefined) } };
}
