import { describe, expect, it } from 'vitest';
import { classifyParleyFrame, groupSendFrame, readRandom, sendFrame } from '../ws/wire.ts';

const frame = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('wire: the generator reads frames without parsing them', () => {
  it('finds the random of a message push', () => {
    const push = frame({
      push: 'message',
      data: { conversationId: 'c2c_a_b', seq: 3, from: 'a', random: 4294967295 },
    });
    expect(classifyParleyFrame(push)).toEqual({ kind: 'delivery', random: 4294967295 });
  });

  it('tells ok replies from error replies, and names the error', () => {
    expect(classifyParleyFrame(frame({ id: '7', ok: true, data: { seq: 1 } }))).toEqual({ kind: 'reply-ok' });
    const error = frame({ id: '7', ok: false, error: { code: 20003, name: 'RATE_LIMITED', message: '…' } });
    expect(classifyParleyFrame(error)).toEqual({ kind: 'reply-error', id: '7', error: 'RATE_LIMITED' });
  });

  it('labels other pushes by name', () => {
    expect(classifyParleyFrame(frame({ push: 'kicked', data: {} }))).toEqual({
      kind: 'other',
      label: 'push:kicked',
    });
  });

  it('reads the random of its own send frame (what the relay forwards), which is valid JSON', () => {
    const text = sendFrame(123, 'user "b"', 'hello');
    expect(JSON.parse(text)).toEqual({
      id: '123',
      op: 'send',
      data: {
        to: 'user "b"',
        random: 123,
        body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
      },
    });
    expect(readRandom(Buffer.from(text))).toBe(123);
    expect(readRandom(Buffer.from('{"no":1}'))).toBe(-1);
  });

  it('writes a group send as valid JSON whose random it reads back', () => {
    const text = groupSendFrame(4294967295, '@TGS#"g"', 'hi');
    expect(JSON.parse(text)).toEqual({
      id: '4294967295',
      op: 'group.send',
      data: {
        groupId: '@TGS#"g"',
        random: 4294967295,
        body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }],
      },
    });
    expect(readRandom(Buffer.from(text))).toBe(4294967295);
  });
});
