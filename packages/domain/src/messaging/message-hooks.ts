import type { RuntimeApp } from '@parley/app-config';
import type { ErrorName, MessageElement } from '@parley/protocol';
import type { StoredMessage } from '../ports/message-store.ts';
import type { C2cContent } from './c2c-content.ts';

/** A one-to-one send as the before-send callback sees it: its content and where it came from. */
export interface OutgoingMessage extends C2cContent {
  clientIp: string;
  platform: string;
}

export type BeforeSendVerdict =
  | { action: 'allow'; body?: MessageElement[]; cloudCustomData?: string }
  | { action: 'drop' }
  | { action: 'reject'; error: ErrorName; code?: number; detail?: string };

/** What the app's callbacks (or nothing) may do around a send. Implemented by the callbacks package. */
export interface MessageHooks {
  /** On the send path, before storage. Must resolve within the app's callback timeout. */
  beforeSend(app: RuntimeApp, message: OutgoingMessage): Promise<BeforeSendVerdict>;
  /** Off the send path: queue the after-send event durably. */
  afterSend(app: RuntimeApp, message: StoredMessage, context: { clientIp: string; platform: string }): void;
  afterRecall(app: RuntimeApp, message: StoredMessage, context: { clientIp: string; platform: string }): void;
}

export const noMessageHooks: MessageHooks = {
  beforeSend: async () => ({ action: 'allow' }),
  afterSend: () => {},
  afterRecall: () => {},
};
