/**
 * The few frames the generator writes and the cheap reads it does on what comes back: incoming frames are scanned
 * as bytes (no UTF-8 decoding, no JSON.parse) except the rare error reply, so the generator stays light next to
 * the server it measures.
 */

export function loginFrame(sdkAppId: number, userId: string, userSig: string): string {
  return JSON.stringify({ id: 'login', op: 'login', data: { sdkAppId, userId, userSig, platform: 'web' } });
}

/** A one-to-one text message; the request id is the random, so an error reply names the message it refers to. */
export function sendFrame(random: number, to: string, text: string): string {
  return `{"id":"${random}","op":"send","data":{"to":${JSON.stringify(to)},"random":${random},"body":[{"MsgType":"TIMTextElem","MsgContent":{"Text":${JSON.stringify(text)}}}]}}`;
}

/** A group text message; like `sendFrame`, the request id is the random. */
export function groupSendFrame(random: number, groupId: string, text: string): string {
  return `{"id":"${random}","op":"group.send","data":{"groupId":${JSON.stringify(groupId)},"random":${random},"body":[{"MsgType":"TIMTextElem","MsgContent":{"Text":${JSON.stringify(text)}}}]}}`;
}

/** Joins a group (an AVChatRoom: the session becomes an online member). */
export function groupJoinFrame(groupId: string): string {
  return JSON.stringify({ id: 'join', op: 'group.join', data: { groupId } });
}

const RANDOM_KEY = Buffer.from('"random":');
const PUSH_MESSAGE = Buffer.from('{"push":"message"');
const REPLY = Buffer.from('{"id":"');
const OK_FALSE = Buffer.from('"ok":false');

export type IncomingFrame =
  | { kind: 'delivery'; random: number }
  | { kind: 'reply-ok' }
  | { kind: 'reply-error'; id: string; error: string }
  | { kind: 'other'; label: string };

/** Reads the `"random":N` of a frame, or -1. */
export function readRandom(frame: Buffer): number {
  const at = frame.indexOf(RANDOM_KEY);
  if (at < 0) return -1;
  let value = 0;
  let i = at + RANDOM_KEY.length;
  let digits = 0;
  for (; i < frame.length; i++) {
    const c = frame[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits += 1;
  }
  return digits === 0 ? -1 : value;
}

/** Classifies a frame from Parley: a message push, a reply (ok or error), or something else. */
export function classifyParleyFrame(frame: Buffer): IncomingFrame {
  if (startsWith(frame, PUSH_MESSAGE)) return { kind: 'delivery', random: readRandom(frame) };
  if (startsWith(frame, REPLY)) {
    if (frame.indexOf(OK_FALSE) < 0) return { kind: 'reply-ok' };
    const reply = JSON.parse(frame.toString('utf8')) as { id?: string; error?: { name?: string } };
    return { kind: 'reply-error', id: reply.id ?? '', error: reply.error?.name ?? 'UNKNOWN' };
  }
  const push = /^\{"push":"([a-zA-Z]+)"/.exec(frame.subarray(0, 32).toString('latin1'));
  return { kind: 'other', label: push ? `push:${push[1]}` : 'unexpected-frame' };
}

function startsWith(frame: Buffer, prefix: Buffer): boolean {
  return frame.length >= prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
