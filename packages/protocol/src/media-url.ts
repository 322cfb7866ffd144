import { z } from 'zod';

/**
 * The schemes a media URL (image, sound, file, video, thumbnail) or an avatar (`faceUrl`) may use. Clients render
 * these URLs, so `javascript:`, `data:`, `file:`, `vbscript:` and every other scheme are refused. No app setting
 * narrows this to https only yet; when one comes, it narrows this list.
 */
export const MEDIA_URL_SCHEMES: readonly string[] = ['https:', 'http:'];

/** True for an absolute http(s) URL with a host. */
export function isMediaUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return MEDIA_URL_SCHEMES.includes(url.protocol) && url.hostname !== '';
}

/** A media or avatar URL: INVALID_REQUEST at its field path unless it is an http(s) URL. */
export const mediaUrlSchema = z
  .string()
  .refine(isMediaUrl, 'must be an https:// or http:// URL')
  .meta({ description: 'An https:// or http:// URL (no other scheme).' });
