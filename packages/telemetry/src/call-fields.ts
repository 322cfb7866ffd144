import { isIP } from 'node:net';
import { ERROR_NAME_PATTERN, UNKNOWN_CLIENT_IP } from './event-schemas.ts';

/**
 * Narrowing of the allowlisted InterfaceCall fields. Each reads exactly one property and returns a value the
 * event schema accepts; anything malformed becomes a fixed placeholder rather than an exception, because
 * these run inside record() on the chat hot path. Inputs are `unknown` since JavaScript callers and casts
 * can pass anything.
 */

/** Recorded when the error code is not an integer. */
export const UNKNOWN_ERROR_CODE = 0;
/** Recorded when the error name is not a catalogue-style identifier (it might be a sentence or a message). */
export const UNKNOWN_ERROR_NAME = 'UNKNOWN';
/** Latest instant whose ISO form still has a four-digit year. */
const MAX_ISO_TIME = 253_402_300_799_999;

export function toSdkAppId(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function toClientIp(value: unknown): string {
  if (typeof value !== 'string' || value.length > 45) return UNKNOWN_CLIENT_IP;
  // Dual-stack sockets report IPv4 clients as IPv4-mapped IPv6; record the plain address.
  const ip = value.startsWith('::ffff:') && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  // Zone ids (`fe80::1%eth0`) name a local interface, not the client: not a public exit IP.
  return isIP(ip) !== 0 && !ip.includes('%') ? ip : UNKNOWN_CLIENT_IP;
}

/** The last instant formatted: under load many calls start in the same millisecond. */
let lastTime = Number.NaN;
let lastIso = '';

export function toRequestTime(startedAt: unknown, fallback: number): string {
  const time =
    typeof startedAt === 'number' && Number.isFinite(startedAt) && startedAt >= 0 && startedAt <= MAX_ISO_TIME
      ? startedAt
      : fallback;
  if (time !== lastTime) {
    lastIso = new Date(time).toISOString();
    lastTime = time;
  }
  return lastIso;
}

export function toDurationMs(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Only `code` and `name` are read: the message, stack, cause and any other property never are. */
export function toErrorCause(error: unknown): { code: number; name: string } | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error !== 'object') return { code: UNKNOWN_ERROR_CODE, name: UNKNOWN_ERROR_NAME };
  const code: unknown = Reflect.get(error, 'code');
  const name: unknown = Reflect.get(error, 'name');
  return {
    code: typeof code === 'number' && Number.isSafeInteger(code) ? code : UNKNOWN_ERROR_CODE,
    name: typeof name === 'string' && ERROR_NAME_PATTERN.test(name) ? name : UNKNOWN_ERROR_NAME,
  };
}
