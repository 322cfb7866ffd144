/** The slice of a pino logger this package writes to; the server passes its root logger's child. */
export interface CallbackLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: CallbackLogger = {
  warn: () => {},
  error: () => {},
};
