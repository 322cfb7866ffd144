import type { OpResults } from '@parley/protocol';
import { ParleyClientError } from './client-error.ts';
import type { ResolvedClientOptions } from './client-options.ts';
import type { Connection } from './connection.ts';
import type { PendingRequests } from './pending-requests.ts';

/**
 * One login on a freshly opened connection: asks for a UserSig (a function is called for every login, so renewed
 * signatures are picked up), sends `login` as the first frame and resolves with the reply. The frame goes to this
 * connection only: a login is never queued for a later one.
 */
export async function logIn(
  connection: Connection,
  options: ResolvedClientOptions,
  pending: PendingRequests,
): Promise<OpResults['login']> {
  let userSig: string;
  try {
    userSig = typeof options.userSig === 'string' ? options.userSig : await options.userSig();
  } catch (error) {
    throw new Error('The userSig function failed.', { cause: error });
  }
  const { sdkAppId, userId, platform } = options;
  const login = pending.add('login', { sdkAppId, userId, userSig, platform }, (frame) =>
    connection.send(frame),
  );
  if (!login.sent) pending.fail(login.id, ParleyClientError.local('CONNECTION_LOST'));
  // The gateway builds the reply from OpResults['login']; the client trusts that side of the contract.
  return (await login.reply) as OpResults['login'];
}
