// Small order statistics used by every suite.
export function percentile(values, p) {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (values) => percentile(values, 50);

/** Median plus the min–max spread of repeated ratios, e.g. `0.31 (0.28–0.33)`. */
export function spread(values) {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

/** Wall-clock time of an async function in milliseconds. */
export async function timed(action) {
  const start = process.hrtime.bigint();
  const value = await action();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
