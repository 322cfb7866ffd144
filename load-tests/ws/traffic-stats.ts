import { LatencyHistogram, type LatencySummary } from '../lib/latency-histogram.ts';

/** What one traffic phase measured, over its measured window (after the warm-up). */
export interface TrafficResult {
  pattern: 'closed-loop' | 'open-loop';
  connections: number;
  /** Open loop: the target rate, msgs/s; closed loop: messages in flight per connection. */
  target_rate_per_s?: number;
  window_per_connection?: number;
  message_bytes: number;
  measured_s: number;
  sent: number;
  delivered: number;
  delivered_per_s: number;
  /** Everything delivered in the phase, warm-up and drain included (for CPU per message). */
  all_delivered: number;
  latency: LatencySummary;
  /** Messages neither delivered nor rejected by the end of the drain. */
  lost: number;
  errors: Record<string, number>;
}

/** Counters of one phase: everything counts toward the progress line; the measured window feeds the result. */
export class TrafficStats {
  readonly histogram = new LatencyHistogram();
  /** The last second's latencies, for the progress line. */
  readonly recent = new LatencyHistogram();
  readonly errors: Record<string, number> = {};
  sent = 0;
  delivered = 0;
  measuredSent = 0;
  measuredDelivered = 0;
  measuring = false;
  measureStartedAt = 0;
  measureEndedAt = 0;

  recordSend(): void {
    this.sent += 1;
    if (this.measuring) this.measuredSent += 1;
  }

  recordDelivery(latencyMs: number): void {
    this.delivered += 1;
    this.recent.recordMs(latencyMs);
    if (this.measuring) {
      this.measuredDelivered += 1;
      this.histogram.recordMs(latencyMs);
    }
  }

  recordError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  startMeasuring(now: number): void {
    this.measuring = true;
    this.measureStartedAt = now;
  }

  stopMeasuring(now: number): void {
    if (!this.measuring) return;
    this.measuring = false;
    this.measureEndedAt = now;
  }

  errorCount(): number {
    return Object.values(this.errors).reduce((sum, n) => sum + n, 0);
  }
}
