import type { MessageElement, OpResults, Platform, WireMessage } from '@parley/protocol';
import { genUserSig } from '@parley/usersig';
import { ChatSocket } from './chat-socket.ts';

/** A logged-in socket and its login reply. */
export interface LoggedIn {
  socket: ChatSocket;
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
      const socket = await ChatSocket.open(wsUrl);
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

export function text(value: string): MessageElement[] {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
}

/** The text of a text message (what the tests send). */
export function textOf(message: WireMessage): string | undefined {
  const first = message.body[0];
  return first?.MsgType === 'TIMTextElem' ? first.MsgContent.Text : undefined;
}

/** Every message after `afterSeq`, paging until the gateway says the sync is complete. */
export async function syncAll(
  socket: ChatSocket,
  conversationId: string,
  afterSeq = 0,
): Promise<WireMessage[]> {
  const messages: WireMessage[] = [];
  let cursor = afterSeq;
  for (let page = 0; page < 100; page += 1) {
    const result = await socket.ok('sync', { conversationId, afterSeq: cursor, limit: 100 });
    messages.push(...result.messages);
    const last = result.messages.at(-1);
    if (result.complete || !last) return messages;
    cursor = last.seq;
  }
  throw new Error(`sync of ${conversationId} did not complete in 100 pages`);
}

let randomCounter = Math.floor(Math.random() * 2 ** 30);
/** A fresh message random (unique within a test run). */
export function nextRandom(): number {
  randomCounter = (randomCounter + 1) % 2 ** 32;
  return randomCounter;
}
