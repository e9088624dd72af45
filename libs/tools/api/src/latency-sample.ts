// Bounded memory for long, fast runs: beyond this many samples a uniform reservoir is kept.
const RESERVOIR_SIZE = 100_000;

/** Latencies of every response (reservoir-sampled past {@link RESERVOIR_SIZE}), in ms. */
export class LatencySample {
  private readonly values: number[] = [];
  private seen = 0;
  private total = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = 0;

  add(ms: number): void {
    this.seen += 1;
    this.total += ms;
    this.low = Math.min(this.low, ms);
    this.high = Math.max(this.high, ms);
    if (this.values.length < RESERVOIR_SIZE) {
      this.values.push(ms);
      return;
    }
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < RESERVOIR_SIZE) {
      this.values[slot] = ms;
    }
  }

  /** `{min, avg, p50, p95, p99, max}` rounded to 0.001 ms; zeros when nothing was measured. */
  summary(): { min: number; avg: number; p50: number; p95: number; p99: number; max: number } {
    if (this.seen === 0) {
      return { min: 0, avg: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    }
    const sorted = [...this.values].sort((a, b) => a - b);
    // Nearest-rank percentile.
    const at = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
      0;
    return {
      min: round(this.low),
      avg: round(this.total / this.seen),
      p50: round(at(50)),
      p95: round(at(95)),
      p99: round(at(99)),
      max: round(this.high),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
