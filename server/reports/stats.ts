// Order statistics for report durations, free of I/O so their definitions are unit-tested.

/** Median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values <= it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1]!;
}

/** Median and p90, rounded to whole seconds, plus the count they describe. */
export function summarize(values: readonly number[]): { count: number; medianSec: number | null; p90Sec: number | null } {
  const m = median(values);
  const p = percentile(values, 90);
  return { count: values.length, medianSec: m === null ? null : Math.round(m), p90Sec: p === null ? null : Math.round(p) };
}

/** Average rounded to two decimals; null for no values. */
export function average(sum: number, count: number): number | null {
  return count ? Math.round((sum / count) * 100) / 100 : null;
}
