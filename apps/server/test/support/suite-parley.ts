import type { Platform } from '@parley/protocol';
import { startTestParley, type TestParley } from '@parley/testing';
import { afterAll, beforeAll } from 'vitest';
import { type ChatApp, chatApp, type LoggedIn } from './chat-app.ts';
import { type TencentRest, tencentRest } from './tencent-rest.ts';

/** An app as the /v4 suites drive it: Tencent's REST API as its administrator, and its users' WebSockets. */
export interface V4App {
  sdkAppId: number;
  rest: TencentRest;
  chat: ChatApp;
}

/** One whole Parley for a test file. */
export interface SuiteParley {
  /** The running Parley (from the file's first test on). */
  readonly parley: TestParley;
  /** Logs `userId` in on the gateway; the socket closes when the file's tests are done. */
  login(app: ChatApp, userId: string, platform?: Platform): Promise<LoggedIn>;
  /** A new app (with `config` when given) and its REST and chat clients. */
  newV4App(config?: unknown): Promise<V4App>;
}

/** Starts a Parley before the file's tests and closes it, with every session logged in through it, after them. */
export function suiteParley(): SuiteParley {
  let running: TestParley | undefined;
  const sessions: LoggedIn[] = [];
  beforeAll(async () => {
    running = await startTestParley();
  });
  afterAll(async () => {
    for (const { socket } of sessions) socket.close();
    await running?.close();
  });
  const suite: SuiteParley = {
    get parley() {
      if (!running) throw new Error('the Parley starts before the first test');
      return running;
    },
    async login(app, userId, platform) {
      const session = await app.login(suite.parley.wsUrl, userId, platform);
      sessions.push(session);
      return session;
    },
    async newV4App(config) {
      const { sdkAppId, secretKey } = await suite.parley.createApp(config);
      return {
        sdkAppId,
        rest: tencentRest(suite.parley.adminUrl, sdkAppId, secretKey),
        chat: chatApp(sdkAppId, secretKey),
      };
    },
  };
  return suite;
}
