import type { OpResults, Platform } from '@parley/protocol';
import { TestSocket } from '@parley/testing/kit';
import { genUserSig } from '@parley/usersig';

/** A logged-in socket and its login reply. */
export interface LoggedIn {
  socket: TestSocket;
  login: OpResults['login'];
}

/** One app of a test deployment: makes UserSigs and logs users in on any gateway node. */
export interface ChatApp {
  sdkAppId: number;
  sig(userId: string): string;
  /** Opens a socket to `wsUrl` and logs `userId` in (web by default); throws when the login fails. */
  login(wsUrl: string, userId: string, platform?: Platform): Promise<LoggedIn>;
}

export function chatApp(sdkAppId: number, secretKey: string): ChatApp {
  const sig = (userId: string) => genUserSig({ sdkAppId, secretKey, userId, expireSeconds: 86_400 });
  return {
    sdkAppId,
    sig,
    async login(wsUrl, userId, platform = 'web') {
      const socket = await TestSocket.open(wsUrl);
      try {
        const login = await socket.ok('login', { sdkAppId, userId, userSig: sig(userId), platform });
        return { socket, login };
      } catch (error) {
        socket.close();
        throw error;
      }
    },
  };
}
