import type { RuntimeApp } from '@parley/app-config';
import type { KickReason, PushName } from '@parley/protocol';
import type {
  Actor,
  BeforeSendVerdict,
  Clock,
  LocalSession,
  MessageHooks,
  OutgoingMessage,
  PushDelivery,
  PushTarget,
  RelationEventSink,
  SessionRecord,
  StoredMessage,
} from '../../src/index.ts';

/** 2026-06-01T12:00:00.000Z: a whole second, so MsgKeys and rate-limit windows are predictable. */
export const START = Date.UTC(2026, 5, 1, 12, 0, 0);

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  #now: number;

  constructor(start = START) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface RecordedPush {
  sdkAppId: number;
  targets: PushTarget[];
  push: PushName;
  data: unknown;
}

/** The outbound edge of the messaging and relation services: records every push instead of delivering it. */
export class PushRecorder implements PushDelivery {
  readonly pushes: RecordedPush[] = [];

  push(sdkAppId: number, targets: readonly PushTarget[], push: PushName, data: unknown): void {
    this.pushes.push({ sdkAppId, targets: [...targets], push, data });
  }

  clear(): void {
    this.pushes.length = 0;
  }
}

/** The app's callbacks: a verdict the test sets, every call recorded, and an optional gate holding beforeSend. */
export class HooksDouble implements MessageHooks {
  verdict: BeforeSendVerdict = { action: 'allow' };
  readonly beforeSendCalls: OutgoingMessage[] = [];
  readonly afterSendCalls: { message: StoredMessage; context: { clientIp: string; platform: string } }[] = [];
  readonly afterRecallCalls: { message: StoredMessage; context: { clientIp: string; platform: string } }[] =
    [];
  #gate: Promise<void> | undefined;

  /** Holds every beforeSend until the returned function is called (a send in flight). */
  hold(): () => void {
    let open = () => {};
    this.#gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    return () => {
      this.#gate = undefined;
      open();
    };
  }

  async beforeSend(_app: RuntimeApp, message: OutgoingMessage): Promise<BeforeSendVerdict> {
    this.beforeSendCalls.push(message);
    await this.#gate;
    return this.verdict;
  }

  afterSend(_app: RuntimeApp, message: StoredMessage, context: { clientIp: string; platform: string }): void {
    this.afterSendCalls.push({ message, context });
  }

  afterRecall(
    _app: RuntimeApp,
    message: StoredMessage,
    context: { clientIp: string; platform: string },
  ): void {
    this.afterRecallCalls.push({ message, context });
  }
}

/** A logged-in socket as the cluster sees it: records the frames it is sent and the kicks it gets. */
export class LocalSessionRecorder implements LocalSession {
  readonly frames: string[] = [];
  readonly kicks: { reason: KickReason; byPlatform: string | undefined }[] = [];

  readonly record: SessionRecord;

  constructor(record: SessionRecord) {
    this.record = record;
  }

  sendFrame(frame: string): void {
    this.frames.push(frame);
  }

  kick(reason: KickReason, byPlatform?: string): void {
    this.kicks.push({ reason, byPlatform });
  }
}

/** The relation service's callback sink: every event as [name, actor user, ...arguments]. */
export class RelationEventsRecorder implements RelationEventSink {
  readonly events: unknown[][] = [];

  friendAdded(actor: Actor, initiator: string, other: string, how: 'add' | 'response'): void {
    this.events.push(['friendAdded', actor.userId, initiator, other, how]);
  }

  friendDeleted(actor: Actor, a: string, b: string): void {
    this.events.push(['friendDeleted', actor.userId, a, b]);
  }

  blacklistAdded(actor: Actor, owner: string, targets: string[]): void {
    this.events.push(['blacklistAdded', actor.userId, owner, targets]);
  }

  blacklistRemoved(actor: Actor, owner: string, targets: string[]): void {
    this.events.push(['blacklistRemoved', actor.userId, owner, targets]);
  }
}

/** Lets queued microtasks and immediates run (bus dispatch, registry lookups, group commits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
