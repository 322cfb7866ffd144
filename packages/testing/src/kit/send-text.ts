import type { SendResult } from '@parley/protocol';
import { text } from './message-body.ts';
import { nextRandom } from './next-random.ts';
import type { TestSocket } from './test-socket.ts';

/** Sends a text message with a fresh random and returns the reply data; fails the test when the send fails. */
export function sendText(from: TestSocket, to: string, value: string): Promise<SendResult> {
  return from.ok('send', { to, random: nextRandom(), body: text(value) });
}
