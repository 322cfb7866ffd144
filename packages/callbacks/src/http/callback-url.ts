import type { CallbackEvent } from '@parley/app-config';
import type { OptPlatform } from '../tencent/opt-platform.ts';
import { callbackSign } from './callback-signature.ts';

export interface CallbackQuery {
  sdkAppId: number;
  command: CallbackEvent;
  clientIp: string;
  optPlatform: OptPlatform;
  /** Empty: unsigned. */
  token: string;
  /** ms since the epoch; sent in seconds. */
  now: number;
}

/**
 * The request URL Tencent documents: the app's URL plus
 * `SdkAppid, CallbackCommand, contenttype=json, ClientIP, OptPlatform` and, with a token, `Sign, RequestTime`.
 * Returns the origin (the connection pool's key) and the path with its query.
 */
export function callbackTarget(
  base: string,
  query: CallbackQuery,
): { url: URL; origin: string; path: string } {
  const url = new URL(base);
  const params = url.searchParams;
  params.append('SdkAppid', String(query.sdkAppId));
  params.append('CallbackCommand', query.command);
  params.append('contenttype', 'json');
  params.append('ClientIP', query.clientIp);
  params.append('OptPlatform', query.optPlatform);
  if (query.token !== '') {
    const requestTime = Math.floor(query.now / 1000);
    params.append('Sign', callbackSign(query.token, requestTime));
    params.append('RequestTime', String(requestTime));
  }
  return { url, origin: url.origin, path: `${url.pathname}${url.search}` };
}
