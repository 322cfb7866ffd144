import type { WireError } from '@parley/protocol';

/** The socket closed before the reply came: the request's outcome is unknown. */
export class ConnectionLostError extends Error {
  readonly op: string;
  constructor(op: string) {
    super(`the connection closed before the reply to ${op}`);
    this.op = op;
    this.name = 'ConnectionLostError';
  }
}

/** A reply with `ok: false` to a request that had to succeed, carrying the catalogue error. */
export class ReplyError extends Error {
  readonly op: string;
  readonly error: WireError;
  constructor(op: string, error: WireError) {
    super(`${op} failed: ${JSON.stringify(error)}`);
    this.op = op;
    this.error = error;
    this.name = 'ReplyError';
  }
}
