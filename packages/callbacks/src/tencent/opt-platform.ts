import type { Platform } from '@parley/protocol';

/** Tencent's `OptPlatform` query values (third-party callback overview, "callback protocol"). */
export type OptPlatform = 'RESTAPI' | 'Web' | 'Android' | 'iOS' | 'Windows' | 'Mac' | 'iPad' | 'Unknown';

const byPlatform: Record<Platform | 'restapi', OptPlatform> = {
  ios: 'iOS',
  android: 'Android',
  ipad: 'iPad',
  windows: 'Windows',
  mac: 'Mac',
  web: 'Web',
  // Tencent's OptPlatform list has no Linux; an app server written for Tencent knows "Unknown".
  linux: 'Unknown',
  // The admin API acting for an app admin (domain Actor).
  restapi: 'RESTAPI',
};

/**
 * Tencent's name for a client platform (or the admin API's `restapi`); anything Parley does not know (the port
 * types it as string) is Unknown.
 */
export function optPlatformOf(platform: string): OptPlatform {
  return Object.hasOwn(byPlatform, platform) ? byPlatform[platform as Platform | 'restapi'] : 'Unknown';
}
