import type { Clock } from '@parley/domain';
import type { OpResults, Platform } from '@parley/protocol';
import { type TestParley, startTestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import type { ClientOptions } from 'ws';
import { TestSocket } from './test-socket.ts';

type StartOptions = NonNullable<Parameters<typeof startTestParley>[1]>;

/** A clock the test moves by hand (retention, recall limits). Starts at the real time. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

export interface LoginOptions {
  platform?: Platform;
  socket?: ClientOptions;
}

/** A logged-in socket and its login reply. */
export type Session = TestSocket & { readonly login: OpResults['login'] };

/** One app of the test server, with shortcuts to log its users in over real sockets. */
export interface TestApp {
  sdkAppId: number;
  secretKey: string;
  /** A UserSig for this app made with Tencent's algorithm (180 days, like Tencent's SDKs). */
  sig(userId: string): string;
  /** A new socket, not logged in. */
  open(options?: ClientOptions): Promise<TestSocket>;
  /** The login frame's data for `userId`. */
  loginData(userId: string, platform?: Platform): Record<string, unknown>;
  /** A new socket logged in as `userId` (web by default); fails the test when the login fails. */
  login(userId: string, options?: LoginOptions): Promise<Session>;
  /** PATCH the app's configuration through the admin API; fails the test on a non-200. */
  configure(patch: unknown): Promise<void>;
  /** Calls the admin API for this app: `path` is relative to /v1/apps/:sdkAppId. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** A whole Parley started for one test file; each test makes its own app so tests do not share users. */
export interface TestServer {
  parley: TestParley;
  newApp(config?: unknown): Promise<TestApp>;
  close(): Promise<void>;
}

/** `env` adds server environment variables (e.g. PARLEY_CALLBACKS_ALLOW_PRIVATE) to the test defaults. */
export async function startServer(
  options: StartOptions = {},
  env: Record<string, string> = {},
): Promise<TestServer> {
  const parley = await startTestParley(env, options);
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const sockets = new Set<TestSocket>();

  async function open(socketOptions?: ClientOptions): Promise<TestSocket> {
    const socket = await TestSocket.open(parley.wsUrl, socketOptions);
    sockets.add(socket);
    return socket;
  }

  async function newApp(config?: unknown): Promise<TestApp> {
    const { sdkAppId, secretKey } = await parley.createApp(config);
    const sig = (userId: string) =>
      genUserSig({
        sdkAppId,
        secretKey,
        userId,
        expireSeconds: 180 * 86_400,
        now: Math.floor(clock.now() / 1000),
      });
    const admin = (method: string, path: string, body?: unknown) =>
      parley.admin(method, `/v1/apps/${sdkAppId}${path}`, body);
    const loginData = (userId: string, platform: Platform = 'web') => ({
      sdkAppId,
      userId,
      userSig: sig(userId),
      platform,
    });
    return {
      sdkAppId,
      secretKey,
      sig,
      open,
      admin,
      loginData,
      async login(userId, loginOptions = {}) {
        const socket = await open(loginOptions.socket);
        const login = await socket.ok<OpResults['login']>('login', loginData(userId, loginOptions.platform));
        return Object.assign(socket, { login });
      },
      async configure(patch) {
        const { status, body } = await admin('PATCH', '/config', patch);
        if (status !== 200) throw new Error(`config patch failed: ${status} ${JSON.stringify(body)}`);
      },
    };
  }

  return {
    parley,
    newApp,
    async close() {
      for (const socket of sockets) socket.close();
      await parley.close();
    },
  };
}

/** A text message body. */
export function text(value: string) {
  return [{ MsgType: 'TIMTextElem' as const, MsgContent: { Text: value } }];
}

let randomCounter = Math.floor(Math.random() * 1_000_000);
/** A fresh 32-bit message random. */
export function nextRandom(): number {
  randomCounter += 1;
  return randomCounter;
}

/** Sends a text message and returns the reply data; fails the test when the send fails. */
export function sendText(from: TestSocket, to: string, value: string): Promise<OpResults['send']> {
  return from.ok<OpResults['send']>('send', { to, random: nextRandom(), body: text(value) });
}
