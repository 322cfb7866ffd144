/** Tencent's "muted forever" (0xFFFFFFFF seconds) in SetNoSpeaking and GetNoSpeaking. */
export const NO_SPEAKING_FOREVER_SECONDS = 4_294_967_295;

/** The `mutedUntil` of an account muted forever: the latest time a JavaScript Date holds. */
export const MUTED_FOREVER = 8_640_000_000_000_000;

/**
 * The `mutedUntil` (ms) of an account muted for `seconds` from `now` (Tencent's SetNoSpeaking): null for 0 (unmuted),
 * MUTED_FOREVER for 4294967295.
 */
export function mutedUntilAfter(seconds: number, now: number): number | null {
  if (seconds === 0) return null;
  if (seconds >= NO_SPEAKING_FOREVER_SECONDS) return MUTED_FOREVER;
  return now + seconds * 1000;
}

/**
 * What is left of a mute in Tencent's terms (GetNoSpeaking): 0 when not muted (or expired), 4294967295 forever,
 * else the seconds left, rounded up.
 */
export function noSpeakingSecondsLeft(mutedUntil: number | null, now: number): number {
  if (mutedUntil === null || mutedUntil <= now) return 0;
  if (mutedUntil >= MUTED_FOREVER) return NO_SPEAKING_FOREVER_SECONDS;
  return Math.min(Math.ceil((mutedUntil - now) / 1000), NO_SPEAKING_FOREVER_SECONDS - 1);
}
