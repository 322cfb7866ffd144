import {
  communityOfTopic,
  groupConversationId,
  groupOfConversation,
  type OpResults,
  type PushPayloads,
  type WireMessage,
} from '@parley/protocol';
import { sleep } from './sleep.ts';

/** Marks a seq this client sent itself: it counts as seen but is never delivered. */
const OWN: unique symbol = Symbol('own message');
type Held = WireMessage | typeof OWN;

/** Sync passes in a row that may bring nothing before the client moves past seqs it cannot get. */
const MAX_STALLS = 2;

interface Cursor {
  readonly conversationId: string;
  /** The highest seq delivered to the app (or sent by it): everything up to here is done. */
  lastSeen: number;
  /** The highest seq known to exist; above `lastSeen` means something is still to come. */
  known: number;
  /** Messages that arrived beyond a gap, by seq. Between calls, every key is above `lastSeen + 1`. */
  readonly ahead: Map<number, Held>;
  syncing: boolean;
  /** One more sync pass is wanted even if nothing is known to be missing (catch-up after login, more pages). */
  pass: boolean;
}

export interface SequencerDeps {
  /** One `sync` (or `group.sync`) request; rejects when the connection is lost, and the next catch-up retries. */
  sync(conversationId: string, afterSeq: number): Promise<OpResults['sync']>;
  deliver(message: WireMessage): void;
  recalled(data: PushPayloads['recalled']): void;
  error(error: unknown): void;
  /**
   * Why a failed sync means the conversation cannot be read any more (not reported): `left` (a group left or gone)
   * delivers what is held past the gaps and stops; `deleted` (a topic gone) also forgets the conversation.
   */
  gone(conversationId: string, error: unknown): 'left' | 'deleted' | undefined;
  /** Pause before asking again for seqs a sync did not return. */
  retryDelayMs: number;
  /** Conversations synced at once during a catch-up. */
  concurrency: number;
}

/**
 * Turns pushes, sync pages and the client's own send results into one stream per conversation that the app sees
 * exactly once and in seq order. A push beyond a gap is held and the gap is synced first; a sync runs at most once
 * per conversation at a time, and loops until nothing is known to be missing.
 */
export class MessageSequencer {
  readonly #cursors = new Map<string, Cursor>();
  readonly #deps: SequencerDeps;

  constructor(deps: SequencerDeps, lastSeenSeqs: Readonly<Record<string, number>>) {
    this.#deps = deps;
    for (const [conversationId, seq] of Object.entries(lastSeenSeqs)) this.#cursor(conversationId, seq);
  }

  lastSeenSeq(conversationId: string): number {
    return this.#cursors.get(conversationId)?.lastSeen ?? 0;
  }

  lastSeenSeqs(): Record<string, number> {
    const seqs: Record<string, number> = {};
    for (const cursor of this.#cursors.values()) seqs[cursor.conversationId] = cursor.lastSeen;
    return seqs;
  }

  onPush(message: WireMessage): void {
    const cursor = this.#cursor(message.conversationId);
    if (message.seq <= cursor.lastSeen) return;
    if (message.seq === cursor.lastSeen + 1) {
      this.#advance(cursor, message);
      return;
    }
    if (cursor.ahead.get(message.seq) !== OWN) cursor.ahead.set(message.seq, message);
    this.#raiseKnown(cursor, message.seq);
  }

  onRecalledPush(data: PushPayloads['recalled']): void {
    const cursor = this.#cursor(data.conversationId);
    const held = cursor.ahead.get(data.seq);
    if (data.seq <= cursor.lastSeen || held === OWN) {
      this.#deps.recalled(data);
      return;
    }
    // Not delivered yet: the app will get it as a tombstone (held copy below, or from the sync this starts).
    if (held) cursor.ahead.set(data.seq, { ...held, body: [], recalled: true });
    this.#raiseKnown(cursor, data.seq);
  }

  /** The reply to this client's own send: the seq counts as seen without being delivered. */
  onOwnSent(conversationId: string, seq: number): void {
    const cursor = this.#cursor(conversationId);
    if (seq <= cursor.lastSeen) return;
    if (seq === cursor.lastSeen + 1) {
      cursor.lastSeen = seq;
      this.#drain(cursor);
      return;
    }
    // A gap before our own message: someone else's message is in flight or was missed.
    cursor.ahead.set(seq, OWN);
    this.#raiseKnown(cursor, seq);
  }

  /**
   * After each login: syncs every known c2c conversation from its last seen seq, and every conversation the login
   * reply lists with messages beyond it. The reply lists all of the user's groups and their communities' topics
   * (only the most recent c2c conversations), so a group or topic is synced only when listed with a `lastSeq` beyond
   * what was seen: a group not listed is one the user has left. A known topic of a listed community that is not
   * listed is synced once (created as the login ran, or deleted: that sync fails and forgets it). Resolves when
   * every sync has finished or failed.
   */
  async catchUp(listed: readonly { conversationId: string; lastSeq: number }[]): Promise<void> {
    const groupsListed = new Set<string>();
    for (const { conversationId, lastSeq } of listed) {
      if (isGroup(conversationId)) groupsListed.add(conversationId);
      if (lastSeq <= this.lastSeenSeq(conversationId)) continue;
      const cursor = this.#cursor(conversationId);
      if (lastSeq > cursor.known) cursor.known = lastSeq;
    }
    const queue: Cursor[] = [];
    for (const cursor of this.#cursors.values()) {
      if (!isGroup(cursor.conversationId)) cursor.pass = true;
      else if (!groupsListed.has(cursor.conversationId)) {
        const community = communityOfTopic(groupOfConversation(cursor.conversationId) ?? '');
        if (community === undefined || !groupsListed.has(groupConversationId(community))) continue;
        cursor.pass = true;
      }
      queue.push(cursor);
    }
    await this.#syncAll(queue);
  }

  /**
   * A community topic was deleted: what is held is delivered past the gaps, and the conversation is forgotten (no
   * more syncs, gone from `lastSeenSeqs`), so that a topic created again under the same ID starts from seq 1.
   */
  forget(conversationId: string): void {
    const cursor = this.#cursors.get(conversationId);
    if (cursor) this.#forget(cursor);
  }

  #forget(cursor: Cursor): void {
    this.#giveUp(cursor); // a sync of a forgotten cursor may end after the conversation has started again
    if (this.#cursors.get(cursor.conversationId) === cursor) this.#cursors.delete(cursor.conversationId);
  }

  /** Syncs the cursors, at most `concurrency` at a time; resolves when every sync has finished or failed. */
  async #syncAll(queue: Cursor[]): Promise<void> {
    const worker = async (): Promise<void> => {
      for (let cursor = queue.shift(); cursor; cursor = queue.shift()) await this.#sync(cursor);
    };
    const workers: Promise<void>[] = [];
    for (let i = 0; i < Math.min(this.#deps.concurrency, queue.length); i++) workers.push(worker());
    await Promise.all(workers);
  }

  #cursor(conversationId: string, lastSeen = 0): Cursor {
    let cursor = this.#cursors.get(conversationId);
    if (!cursor) {
      cursor = { conversationId, lastSeen, known: lastSeen, ahead: new Map(), syncing: false, pass: false };
      this.#cursors.set(conversationId, cursor);
    }
    return cursor;
  }

  #raiseKnown(cursor: Cursor, seq: number): void {
    if (seq > cursor.known) cursor.known = seq;
    void this.#sync(cursor);
  }

  /** Delivers the next message in order, then whatever it unblocks. */
  #advance(cursor: Cursor, message: WireMessage): void {
    const held = cursor.ahead.get(message.seq);
    if (held !== undefined) cursor.ahead.delete(message.seq);
    cursor.lastSeen = message.seq;
    if (held !== OWN) this.#deps.deliver(message);
    this.#drain(cursor);
  }

  #drain(cursor: Cursor): void {
    for (let next = cursor.ahead.get(cursor.lastSeen + 1); next !== undefined; ) {
      cursor.ahead.delete(cursor.lastSeen + 1);
      cursor.lastSeen += 1;
      if (next !== OWN) this.#deps.deliver(next);
      next = cursor.ahead.get(cursor.lastSeen + 1);
    }
  }

  #needsSync(cursor: Cursor): boolean {
    return cursor.pass || cursor.lastSeen < cursor.known || cursor.ahead.size > 0;
  }

  async #sync(cursor: Cursor): Promise<void> {
    // One sync loop per conversation; a running loop re-checks `#needsSync`, so it picks up new work.
    if (cursor.syncing) return;
    cursor.syncing = true;
    let stalls = 0;
    try {
      while (this.#needsSync(cursor)) {
        cursor.pass = false;
        const before = cursor.lastSeen;
        const page = await this.#deps.sync(cursor.conversationId, cursor.lastSeen);
        this.#applyPage(cursor, page);
        if (!page.complete) cursor.pass = true;
        if (cursor.lastSeen > before) {
          stalls = 0;
          continue;
        }
        if (!this.#needsSync(cursor)) break;
        // Nothing new although something is missing: a seq may be allocated but not yet readable, or expired.
        stalls += 1;
        if (stalls < MAX_STALLS) {
          await sleep(this.#deps.retryDelayMs);
          continue;
        }
        stalls = 0;
        if (!this.#skipMissing(cursor)) break;
      }
    } catch (error) {
      const gone = this.#deps.gone(cursor.conversationId, error);
      if (gone === 'deleted') this.#forget(cursor);
      else if (gone === 'left') this.#giveUp(cursor);
      else this.#deps.error(error);
    } finally {
      cursor.syncing = false;
    }
  }

  /** The conversation cannot be read any more: delivers what is held, in order past the gaps, and stops. */
  #giveUp(cursor: Cursor): void {
    while (cursor.ahead.size > 0) {
      cursor.lastSeen = Math.min(...cursor.ahead.keys()) - 1;
      this.#drain(cursor);
    }
    cursor.known = cursor.lastSeen;
    cursor.pass = false;
  }

  #applyPage(cursor: Cursor, page: OpResults['sync']): void {
    for (const message of page.messages) {
      if (message.seq <= cursor.lastSeen) {
        // Seen before this page: only news if it has been recalled since.
        if (message.recalled) {
          this.#deps.recalled({ conversationId: message.conversationId, seq: message.seq, by: message.from });
        }
      } else if (cursor.ahead.get(message.seq) !== OWN) {
        // The stored copy supersedes a pushed one (it may have become a tombstone meanwhile).
        cursor.ahead.set(message.seq, message);
      }
    }
    // Delivers from lastSeen + 1 while contiguous; anything beyond a gap stays held for the next pass.
    this.#drain(cursor);
    if (page.lastSeq > cursor.known) cursor.known = page.lastSeq;
  }

  /** Gives up on seqs the server could not supply twice (expired by retention): moves to the next one it has. */
  #skipMissing(cursor: Cursor): boolean {
    if (cursor.ahead.size > 0) {
      cursor.lastSeen = Math.min(...cursor.ahead.keys()) - 1;
      this.#drain(cursor);
      return true;
    }
    if (cursor.lastSeen < cursor.known) {
      cursor.lastSeen = cursor.known;
      return true;
    }
    return false;
  }
}

function isGroup(conversationId: string): boolean {
  return groupOfConversation(conversationId) !== undefined;
}
