import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProgressLine } from './progress-line.ts';
import type { TrafficStats } from './traffic-stats.ts';

/** Closed loop: each sender keeps `window` messages in flight. Open loop: `ratePerS` a second in total. */
export type TrafficPattern = { kind: 'closed'; window: number } | { kind: 'open'; ratePerS: number };

export interface TrafficPhaseOptions<Sender> {
  pattern: TrafficPattern;
  stats: TrafficStats;
  /** Unmeasured time first (JIT, caches); the measured window of `durationMs` follows it. */
  warmupMs: number;
  durationMs: number;
  /** Who sends (connections, groups): the closed loop starts each one's window, the open loop takes them in turn. */
  senders: readonly Sender[];
  send(sender: Sender): void;
  /** The window is over: a closed loop must stop refilling from here on. */
  stopSending(): void;
  /** Messages in flight now. */
  inFlight(): number;
  /** The status line's head (`[label closed-loop] …`) and its count of senders (`conns=…`). */
  progressLabel: string;
  progressSenders: string;
  progress: boolean;
}

/**
 * One measured phase: the warm-up, the window with the pattern's sends (a closed loop's refills are the caller's,
 * as its replies come), then up to 5 s for what is in flight to arrive (not measured). What has not arrived then
 * is still in flight when this resolves: the caller counts it lost.
 */
export async function runTrafficPhase<Sender>(o: TrafficPhaseOptions<Sender>): Promise<void> {
  const { stats, pattern, senders } = o;
  let lastDelivered = 0;
  const stopProgress = startProgressLine((s) => {
    const rate = stats.delivered - lastDelivered;
    lastDelivered = stats.delivered;
    const line =
      `[${o.progressLabel}] ${s}s ${o.progressSenders} sent=${stats.sent} delivered=${stats.delivered} ` +
      `(${rate}/s) p50=${stats.recent.percentileMs(50).toFixed(2)}ms p99=${stats.recent.percentileMs(99).toFixed(2)}ms ` +
      `in-flight=${o.inFlight()} errors=${stats.errorCount()}`;
    stats.recent.reset();
    return line;
  }, o.progress);

  const startedAt = performance.now();
  const warmupTimer = setTimeout(() => stats.startMeasuring(performance.now()), o.warmupMs);
  if (o.warmupMs === 0) stats.startMeasuring(startedAt);
  let ticker: NodeJS.Timeout | undefined;
  if (pattern.kind === 'closed') {
    for (const sender of senders) for (let i = 0; i < pattern.window; i++) o.send(sender);
  } else {
    let next = 0;
    let scheduled = 0;
    ticker = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * pattern.ratePerS);
      // Behind by more than a second of messages: the generator is overloaded; skip rather than burst.
      if (due - scheduled > pattern.ratePerS) {
        stats.recordError('generator-behind');
        scheduled = due - pattern.ratePerS;
      }
      for (; scheduled < due; scheduled++) {
        const sender = senders[next];
        next = (next + 1) % senders.length;
        if (sender) o.send(sender);
      }
    }, 1);
  }
  await sleep(o.warmupMs + o.durationMs);
  stats.stopMeasuring(performance.now());
  clearTimeout(warmupTimer);
  if (ticker) clearInterval(ticker);
  o.stopSending();
  const drainUntil = performance.now() + 5_000;
  while (o.inFlight() > 0 && performance.now() < drainUntil) await sleep(20);
  stopProgress();
}
