import { eventually, service, syncAll, text } from '@parley/testing/kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './support/cluster.ts';
import {
  type MessageView,
  messageView,
  pagedHistory,
  storedMessages,
  storedSummary,
  summaryView,
} from './support/conversation-views.ts';
import { type ClusterView, FailoverParticipant } from './support/failover-participant.ts';
import { realServiceUrls } from './support/fresh-backends.ts';

const urls = realServiceUrls();

/** Users in pairs, one of each pair on each gateway: every message crosses nodes. */
const PAIRS = 6;
/** Sends each user keeps in flight. */
const WINDOW = 2;
/** The most any user sends, and how long the load may last: the run stops by itself. */
const MAX_SENDS = 2_000;
const MAX_LOAD_MS = 70_000;
/** Acknowledgements every user must get after each failure before the next one comes. */
const PROGRESS = 3;
const PROGRESS_BOUND_MS = 30_000;

// Kills a gateway and Redis, restarts MariaDB and FerretDB: vitest runs *.restart.test.ts files alone, one at a time,
// last. The services are stopped and started with their infra/local scripts, on the ports of this environment.
describe.skipIf(!urls)(
  'a cluster (admin + 2 gateways) under load through crashes and restarts of every service',
  () => {
    let cluster: Cluster | undefined;
    let mongo: MongoClient | undefined;
    const participants: FailoverParticipant[] = [];

    afterAll(async () => {
      for (const participant of participants) participant.close();
      await mongo?.close();
      await cluster?.close();
    });

    it('loses, duplicates, gaps and invents no message, keeps every summary exact, and settles resends after the kill within 5 s', {
      timeout: 240_000,
    }, async ({ onTestFailed }) => {
      if (!urls) return;
      const running = await startCluster(urls, { gateways: 2 });
      cluster = running;
      /** When each step came, in ms since the load started, to read a failure against. */
      const steps: string[] = [];
      onTestFailed(() => console.error(`${running.output()}\nsteps: ${steps.join(', ')}`));
      const [g1, g2] = running.gateways;
      if (!g1 || !g2) throw new Error('the cluster started without two gateways');
      const app = await running.createApp();

      const live = new Set([g1.url, g2.url]);
      const view: ClusterView = { liveGateways: () => [...live], killed: undefined };
      for (let i = 0; i < PAIRS; i += 1) {
        participants.push(await FailoverParticipant.join(app, `a${i}`, `b${i}`, g1.url, view));
        participants.push(await FailoverParticipant.join(app, `b${i}`, `a${i}`, g2.url, view));
      }

      // The load: every user sends to its peer until the failures are over (or the bounds are reached).
      let stopped = false;
      const startedAt = Date.now();
      const load = Promise.all(
        participants.map((p) =>
          p.run({ count: MAX_SENDS, window: WINDOW }, () => stopped || Date.now() - startedAt > MAX_LOAD_MS),
        ),
      ).finally(() => {
        stopped = true;
      });
      const loadEnded = load.then(() => {
        throw new Error('the load ended before the failures were over');
      });
      loadEnded.catch(() => {});
      /** Waits until every user got PROGRESS more acknowledgements: the cluster works again after `what`. */
      const progress = async (what: string) => {
        steps.push(`${Date.now() - startedAt} ms: ${what}`);
        const marks = participants.map((p) => p.acknowledged);
        const progressed = eventually(
          `every user sending again after ${what}`,
          PROGRESS_BOUND_MS,
          async () =>
            participants.every((p, i) => p.acknowledged >= (marks[i] ?? 0) + PROGRESS) ? true : undefined,
        );
        await Promise.race([progressed, loadEnded]);
      };

      try {
        await progress('the start');

        // 1. SIGKILL of gateway 2 under load: its users log in on gateway 1 and resend what was in flight, which
        // must be acknowledged within 5 s of the kill (resendUntilSettled).
        live.delete(g2.url);
        view.killed = { url: g2.url, at: Date.now() };
        expect(await g2.process.kill()).toMatchObject({ signal: 'SIGKILL' });
        await progress('the gateway kill');
        const resentAfterKill = () => participants.flatMap((p) => p.sent.filter((s) => s.resentAfterKill));
        await Promise.race([
          eventually('the resends after the kill', 10_000, async () =>
            resentAfterKill().every((s) => s.result) ? true : undefined,
          ),
          loadEnded,
        ]);
        expect(resentAfterKill().length).toBeGreaterThan(0);

        // A new gateway replaces it; its users move there (with whatever they have in flight), across nodes again.
        const g3 = await running.addGateway();
        live.add(g3.url);
        for (const p of participants) if (p.userId.startsWith('b')) p.moveTo(g3.url);
        await progress('the move to the new gateway');

        // 2. SIGKILL of Redis, restarted empty (sessions, dedup claims, node liveness: all forgotten).
        await service('redis', 'kill');
        await service('redis', 'start');
        await progress('the Redis restart');

        // 3. MariaDB restarted.
        await service('mariadb', 'stop');
        await service('mariadb', 'start');
        await progress('the MariaDB restart');

        // 4. FerretDB (the MongoDB stand-in) restarted.
        await service('ferretdb', 'stop');
        await service('ferretdb', 'start');
        await progress('the FerretDB restart');
      } finally {
        stopped = true;
        await load;
      }

      const reasons = new Map<string, number>();
      for (const p of participants)
        for (const [reason, n] of p.resendReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
      const total = participants.reduce((sum, p) => sum + p.sent.length, 0);
      console.info(
        `cluster failover: ${total} acknowledged sends in ${Date.now() - startedAt} ms; resends:`,
        Object.fromEntries(reasons),
      );

      mongo = new MongoClient(urls.mongo, { serverSelectionTimeoutMS: 5_000 });
      const db = mongo.db(running.backends.mongoDatabase);
      for (let i = 0; i < PAIRS; i += 1) {
        const pair = participants.slice(2 * i, 2 * i + 2);
        const [a, b] = pair;
        if (!a || !b) throw new Error(`pair ${i} is missing`);
        const conversationId = a.conversationId;
        const stored = await storedMessages(db, app.sdkAppId, conversationId);
        const context = `conversation ${conversationId}`;

        // Storage: seqs 1..n, every send of either user exactly once, at the seq and msgKey it was acknowledged with;
        // nothing else (no phantom).
        expect(
          stored.map((m) => m.seq),
          context,
        ).toEqual(stored.map((_, j) => j + 1));
        expect(stored.length, context).toBe(a.sent.length + b.sent.length);
        const bySeq = new Map(stored.map((m) => [m.seq, m]));
        for (const p of pair) {
          for (const item of p.sent) {
            const seq = item.result?.seq ?? 0;
            expect(bySeq.get(seq), `${p.userId}'s send ${item.random}`).toEqual({
              seq,
              msgKey: item.result?.msgKey,
              from: p.userId,
              random: item.random,
              text: item.text,
            });
          }
        }
        expect(new Set(pair.flatMap((p) => p.sent.map((item) => item.result?.seq))).size, context).toBe(
          stored.length,
        );

        for (const p of pair) {
          const who = `${p.userId} in ${conversationId}`;
          const fromPeer = stored.filter((m) => m.from === p.peer);
          const last = stored.at(-1) ?? null;

          // What the client received: each push is a stored message, none twice on a socket. Its own messages come
          // only to its other sessions: to a socket only when the send was made on another one too (a resend after
          // the connection dropped).
          const pushed: MessageView[] = [];
          const sentBySeq = new Map(p.sent.map((item) => [item.result?.seq, item]));
          p.pushedPerSocket().forEach((socketPushes, index) => {
            const views = socketPushes.map(messageView);
            expect(new Set(views.map((m) => m.seq)).size, `${who}: pushes on socket ${index}`).toBe(
              views.length,
            );
            for (const m of views) expect(m, `${who}: pushed seq ${m.seq}`).toEqual(bySeq.get(m.seq));
            const ownHere = views.filter((m) => m.from === p.userId);
            const fromElsewhere = (m: MessageView) =>
              [...(sentBySeq.get(m.seq)?.sentOn ?? [])].some((i) => i !== index);
            expect(
              ownHere.filter((m) => !fromElsewhere(m)),
              `${who}: own sends pushed back to socket ${index}`,
            ).toEqual([]);
            pushed.push(...views);
          });

          // A fresh login (a client starting again): its summary's lastSeq is the stored one; with the sync rule
          // (sync from the last seq seen without a gap) the client then has every stored message.
          const { socket, login } = await p.loginAgain();
          expect(
            login.conversations.find((c) => c.conversationId === conversationId),
            who,
          ).toEqual({
            conversationId,
            lastSeq: stored.length,
          });
          const seen = new Set([...pushed.map((m) => m.seq), ...p.sent.map((item) => item.result?.seq ?? 0)]);
          let lastSeen = 0;
          while (seen.has(lastSeen + 1)) lastSeen += 1;
          const synced = await syncAll(socket, conversationId, lastSeen);
          const known = new Map(
            stored.filter((m) => seen.has(m.seq) && m.seq <= lastSeen).map((m) => [m.seq, m]),
          );
          for (const m of synced.map(messageView)) known.set(m.seq, m);
          expect(
            [...known.values()].sort((x, y) => x.seq - y.seq),
            `${who}: what the client has`,
          ).toEqual(stored);

          // Each participant's sync from the start, and its history paged back, equal storage.
          expect((await syncAll(socket, conversationId)).map(messageView), `${who}: sync`).toEqual(stored);
          expect(await pagedHistory(socket, conversationId, 37), `${who}: history`).toEqual(stored);

          // The summary (the user never read): as listed, and as stored.
          const expected = {
            lastSeq: stored.length,
            readSeq: 0,
            unread: fromPeer.length,
            lastMessage: last,
          };
          const { conversations } = await socket.ok('conversations', {});
          const listed = conversations.find((c) => c.conversationId === conversationId);
          expect(listed && summaryView(listed), `${who}: listed summary`).toEqual(expected);
          expect(
            await storedSummary(db, app.sdkAppId, p.userId, conversationId),
            `${who}: stored summary`,
          ).toEqual({
            ...expected,
            missingSeqs: [],
          });

          // A resend of any acknowledged send (here: those sent more than once, the first and the last) returns its
          // original result, whoever stored it and whatever Redis forgot since.
          const replayed = p.sent.filter(
            (item, j) => item.attempts > 1 || j === 0 || j === p.sent.length - 1,
          );
          for (const item of replayed) {
            const again = await socket.ok('send', { to: p.peer, random: item.random, body: text(item.text) });
            expect({ seq: again.seq, msgKey: again.msgKey }, `${who}: resend of ${item.random}`).toEqual({
              seq: item.result?.seq,
              msgKey: item.result?.msgKey,
            });
          }
        }
        expect(
          await storedMessages(db, app.sdkAppId, conversationId),
          `${context} after the resends`,
        ).toEqual(stored);
      }
    });
  },
);
