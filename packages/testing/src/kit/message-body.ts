import type { MessageElement, WireMessage } from '@parley/protocol';

/** A text message body. */
export function text(value: string): MessageElement[] {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
}

/** The text of a text message (what the tests send). */
export function textOf(message: WireMessage): string | undefined {
  const first = message.body[0];
  return first?.MsgType === 'TIMTextElem' ? first.MsgContent.Text : undefined;
}
