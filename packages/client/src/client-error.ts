import type { ErrorName, WireError } from '@parley/protocol';

/**
 * Failures that happen in the client, not on the server. They have no entry in the server's catalogue, so they
 * get negative codes, which can never collide with a catalogue code.
 */
export const localErrors = {
  /** No reply within `requestTimeoutMs` (the request may or may not have been applied). */
  REQUEST_TIMEOUT: { code: -1, message: 'No reply within the request timeout.' },
  /** The socket dropped after the request was sent: its outcome is unknown. */
  CONNECTION_LOST: { code: -2, message: 'The connection was lost before the reply arrived.' },
  /** `close()` was called, or the client stopped for good (kicked, rejected login, reconnect attempts used up). */
  CLIENT_CLOSED: { code: -3, message: 'The client is closed.' },
} as const;

export type LocalErrorName = keyof typeof localErrors;
export type ClientErrorName = ErrorName | LocalErrorName;
type FieldProblem = { path: string; message: string };

export interface ParleyClientErrorOptions {
  /** Overrides the default message (server replies carry their own). */
  message?: string;
  detail?: string;
  fields?: FieldProblem[];
  /** The WebSocket close code that stopped the client, when one did. */
  closeCode?: number;
  cause?: unknown;
}

/** The one error type the client rejects with: a catalogue error from a reply, or a local failure. */
export class ParleyClientError extends Error {
  override readonly name: ClientErrorName;
  readonly code: number;
  readonly fields: FieldProblem[] | undefined;
  readonly closeCode: number | undefined;

  constructor(name: ClientErrorName, code: number, options: ParleyClientErrorOptions = {}) {
    const base = options.message ?? (isLocalErrorName(name) ? localErrors[name].message : name);
    super(options.detail ? `${base} ${options.detail}` : base, { cause: options.cause });
    this.name = name;
    this.code = code;
    this.fields = options.fields;
    this.closeCode = options.closeCode;
  }

  static fromWire(wire: WireError): ParleyClientError {
    return new ParleyClientError(wire.name, wire.code, {
      message: wire.message,
      ...(wire.fields === undefined ? {} : { fields: wire.fields }),
    });
  }

  static local(
    name: LocalErrorName,
    options: Omit<ParleyClientErrorOptions, 'message'> = {},
  ): ParleyClientError {
    return new ParleyClientError(name, localErrors[name].code, options);
  }
}

export function isParleyClientError(value: unknown): value is ParleyClientError {
  return value instanceof ParleyClientError;
}

function isLocalErrorName(name: string): name is LocalErrorName {
  return Object.hasOwn(localErrors, name);
}

/** Errors after which the request's outcome is unknown or nothing was applied, so the same frame may be retried. */
export function isRetryableSendError(error: unknown): boolean {
  if (!isParleyClientError(error)) return false;
  switch (error.name) {
    case 'REQUEST_TIMEOUT':
    case 'CONNECTION_LOST':
    case 'DUPLICATE_IN_FLIGHT':
    case 'STORAGE_UNAVAILABLE':
    // Refused before it ran: nothing was stored (the connection had too many requests in flight).
    case 'TOO_MANY_IN_FLIGHT':
      return true;
    default:
      return false;
  }
}
