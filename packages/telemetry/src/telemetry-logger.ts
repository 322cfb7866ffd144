/** The slice of a pino logger the telemetry adapters use; pass `logger.child({ component: 'telemetry' })`. */
export interface TelemetryLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: TelemetryLogger = {
  info() {},
  warn() {},
  error() {},
};

/** A log-safe description of an error: its class and message, never a stack. */
export function describeError(error: unknown): { error: string } {
  if (error instanceof Error) return { error: `${error.name}: ${error.message}` };
  return { error: String(error) };
}
