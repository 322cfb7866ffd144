import { ParleyError } from '@parley/protocol';

/** Server replies that mean "not available right now" rather than "you sent something wrong". */
const UNAVAILABLE_REPLY = /^(LOADING|READONLY|MASTERDOWN|TRYAGAIN|BUSY|CLUSTERDOWN|NOREPLICAS)\b/;

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  // ReplyError: Redis answered; anything else thrown by the client is a connection failure or a timeout.
  if (error.name !== 'ReplyError') return true;
  return UNAVAILABLE_REPLY.test(error.message);
}

/**
 * Runs one Redis call, turning connection errors and timeouts into STORAGE_UNAVAILABLE. Wrap only the client
 * call, never parsing code, so a bug is not mistaken for an outage.
 */
export async function redisCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ParleyError || !isUnavailable(error)) throw error;
    throw new ParleyError('STORAGE_UNAVAILABLE', { detail: '(redis)', cause: error });
  }
}
