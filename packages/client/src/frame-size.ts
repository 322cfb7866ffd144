import { MAX_FRAME_BYTES } from '@parley/protocol';

/**
 * Whether a frame exceeds the gateway's limit. The gateway answers an oversized frame with `id: null`, which would
 * leave the request waiting for its timeout, so the client refuses it up front. UTF-8 takes at most 3 bytes per
 * UTF-16 unit, so short frames (nearly all) skip the exact count.
 */
export function isFrameTooLarge(frame: string): boolean {
  if (frame.length * 3 <= MAX_FRAME_BYTES) return false;
  return utf8Length(frame) > MAX_FRAME_BYTES;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
