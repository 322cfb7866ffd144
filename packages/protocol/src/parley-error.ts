import { type ErrorName, errorCatalogue, type WireError } from './error-catalogue.ts';

export interface ParleyErrorOptions {
  /** Extra human-readable detail appended to the catalogue message. Never secrets, never message bodies. */
  detail?: string;
  fields?: { path: string; message: string }[];
  cause?: unknown;
  /** A code chosen by the app's own callback server (Tencent allows 120001-130000) in place of the catalogue's. */
  appCode?: number;
}

/** The one error class: a closed set of names from the catalogue. */
export class ParleyError extends Error {
  readonly errorName: ErrorName;
  readonly code: number;
  readonly http: number;
  readonly fields: { path: string; message: string }[] | undefined;

  constructor(name: ErrorName, options: ParleyErrorOptions = {}) {
    const entry = errorCatalogue[name];
    super(options.detail ? `${entry.message} ${options.detail}` : entry.message, { cause: options.cause });
    this.name = 'ParleyError';
    this.errorName = name;
    this.code = options.appCode ?? entry.code;
    this.http = entry.http;
    this.fields = options.fields;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, name: this.errorName, message: this.message };
    if (this.fields) wire.fields = this.fields;
    return wire;
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}

/** Normalises anything thrown into a ParleyError; unknown throws become INTERNAL, keeping the cause. */
export function toParleyError(value: unknown): ParleyError {
  if (value instanceof ParleyError) return value;
  return new ParleyError('INTERNAL', { cause: value });
}

/** Builds CONFIG_INVALID / INVALID_REQUEST from zod issues, one entry per bad field. */
export function fieldsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
