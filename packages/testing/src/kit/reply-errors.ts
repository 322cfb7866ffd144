import type { WireError } from '@parley/protocol';

/** The socket closed before the reply came: the request's outcome is unknown. */
export class ConnectionLostError extends Error {
  constructor(readonly op: string) {
    super(`the connection closed before the reply to ${op}`);
    this.name = 'ConnectionLostError';
  }
}

/** A reply with `ok: false` to a request that had to succeed, carrying the catalogue error. */
export class ReplyError extends Error {
  constructor(
    readonly op: string,
    readonly error: WireError,
  ) {
    super(`${op} failed: ${JSON.stringify(error)}`);
    this.name = 'ReplyError';
  }
}
