import { genUserSig } from '@parley/usersig';
import type WebSocket from 'ws';
import { loginFrame } from './wire.ts';

export interface ClientLoginOptions {
  userId: string;
  /** The app whose key signs the login; none: the relay baselines, where a socket is in once it is open. */
  app: { sdkAppId: number; secretKey: string } | undefined;
  /** Called once: in, or failed with its error code. */
  finish(ok: boolean, code?: string): void;
  /** An error of the run: the socket failed or closed after its login was settled. */
  recordError(code: string): void;
  /** The socket closed (before or after the login). */
  onClose(): void;
}

export interface ClientLogin {
  readonly settled: boolean;
  /** Ends the login (the first call counts): in, or failed with `code`. */
  settle(ok: boolean, code?: string): void;
}

/**
 * Watches the login of a load-test client socket. Once open, it sends the login with a fresh UserSig (the caller
 * settles on the reply) or, with no app, is in at once. An error or close before the login is settled fails it
 * (`socket:<code>`, `close:<code>`); after, the same codes are errors of the run.
 */
export function watchClientLogin(socket: WebSocket, o: ClientLoginOptions): ClientLogin {
  let settled = false;
  const login: ClientLogin = {
    get settled() {
      return settled;
    },
    settle(ok, code) {
      if (settled) return;
      settled = true;
      o.finish(ok, code);
    },
  };
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const code = `socket:${error.code ?? error.message.slice(0, 40)}`;
    if (settled) o.recordError(code);
    login.settle(false, code);
  });
  socket.on('close', (code) => {
    o.onClose();
    if (settled) o.recordError(`close:${code}`);
    login.settle(false, `close:${code}`);
  });
  socket.on('open', () => {
    const { app, userId } = o;
    if (!app) return login.settle(true);
    const userSig = genUserSig({
      sdkAppId: app.sdkAppId,
      secretKey: app.secretKey,
      userId,
      expireSeconds: 86_400,
    });
    socket.send(loginFrame(app.sdkAppId, userId, userSig));
  });
  return login;
}
