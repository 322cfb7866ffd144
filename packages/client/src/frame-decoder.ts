import type { PushFrame, PushName, WireError } from '@parley/protocol';

/** A reply as read off the wire; `data` is trusted to match the op's result (the gateway builds it from types). */
export type IncomingReply =
  | { id: string; ok: true; data: unknown }
  | { id: string; ok: false; error: WireError };

const decoder = new TextDecoder();

/** Frame text from a message event: `ws` and browsers give strings for text frames; binary is decoded as UTF-8. */
export function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return decoder.decode(data);
  if (data instanceof ArrayBuffer) return decoder.decode(new Uint8Array(data));
  return undefined;
}

/**
 * Classifies a server frame with cheap structural checks rather than a schema: this runs for every pushed message,
 * and the server is the trusted side. Returns undefined for anything that is neither a reply nor a push.
 */
export function decodeServerFrame(text: string): IncomingReply | IncomingPush | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if ('push' in value) {
    return typeof value.push === 'string' && 'data' in value && isObject(value.data)
      ? (value as IncomingPush)
      : undefined;
  }
  // `id: null` answers a frame the gateway could not attribute (invalid JSON, too large).
  if (!('id' in value) || (typeof value.id !== 'string' && value.id !== null) || !('ok' in value))
    return undefined;
  if (value.ok === true) return 'data' in value ? (value as IncomingReply) : undefined;
  if (value.ok === false && 'error' in value && isWireError(value.error)) return value as IncomingReply;
  return undefined;
}

/** Every push frame as a union discriminated by `push`, so a switch narrows `data`. */
export type IncomingPush = { [P in PushName]: PushFrame<P> }[PushName];

export function isPushFrame(frame: IncomingReply | IncomingPush): frame is IncomingPush {
  return 'push' in frame;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isWireError(value: unknown): value is WireError {
  return isObject(value) && typeof value.code === 'number' && typeof value.name === 'string';
}
