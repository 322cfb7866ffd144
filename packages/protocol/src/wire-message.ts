import type { GroupTipElem } from './group-model.ts';
import type { MessageElement } from './message-elements.ts';

/** An element as stored and delivered: what clients send, and the tips the server writes into groups. */
export type WireElement = MessageElement | GroupTipElem;

/** A stored message as clients see it (in replies, pushes, sync and history). */
export interface WireMessage {
  /** `c2c:<a>:<b>` or `group:<groupId>`. */
  conversationId: string;
  seq: number;
  msgKey: string;
  from: string;
  /** The recipient, or the group ID. */
  to: string;
  random: number;
  /** Server time the message was stored, milliseconds since the epoch. */
  time: number;
  body: WireElement[];
  cloudCustomData?: string;
  /** Present and true when the sender recalled the message: body is then empty. */
  recalled?: boolean;
  /** Group messages: the users mentioned with `@` ('@all' for everyone). */
  mentions?: string[];
}
