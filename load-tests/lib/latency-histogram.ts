import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  mean_ms: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
}

/** End-to-end latencies in an HdrHistogram, recorded in microseconds (1 µs to 60 s, 3 significant digits). */
export class LatencyHistogram {
  readonly #histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    this.#histogram.recordValue(Math.min(60_000_000, Math.max(1, Math.round(ms * 1000))));
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  percentileMs(percentile: number): number {
    return this.#histogram.totalCount === 0 ? 0 : this.#histogram.getValueAtPercentile(percentile) / 1000;
  }

  reset(): void {
    this.#histogram.reset();
  }

  summary(): LatencySummary {
    const h = this.#histogram;
    const empty = h.totalCount === 0;
    return {
      count: h.totalCount,
      mean_ms: empty ? 0 : round(h.mean / 1000),
      p50_ms: round(this.percentileMs(50)),
      p90_ms: round(this.percentileMs(90)),
      p99_ms: round(this.percentileMs(99)),
      p999_ms: round(this.percentileMs(99.9)),
      max_ms: empty ? 0 : round(h.maxValue / 1000),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
