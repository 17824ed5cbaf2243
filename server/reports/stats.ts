// Order statistics for report durations, free of I/O so their definitions are unit-tested. The
// rank helpers read an already sorted list (e.g. a Float64Array) without copying it.

/** 1-based ranks among n sorted values whose mean is the median (one rank when n is odd). */
export function medianRanks(n: number): number[] {
  const mid = n >> 1;
  return n % 2 ? [mid + 1] : [mid, mid + 1];
}

/** Nearest-rank percentile (p in 0..100): 1-based rank of the smallest value with at least p% of values <= it. */
export function percentileRank(n: number, p: number): number {
  return Math.min(Math.max(1, Math.ceil((p / 100) * n)), n);
}

/** Median from a rank lookup: the middle value, or the mean of the two middle values. */
function medianAt(n: number, at: (rank: number) => number): number {
  const [a, b] = medianRanks(n);
  return b === undefined ? at(a!) : (at(a!) + at(b)) / 2;
}

/** Median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return medianAt(s.length, (r) => s[r - 1]!);
}

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values <= it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[percentileRank(s.length, p) - 1]!;
}

export interface Summary { count: number; medianSec: number | null; p90Sec: number | null }

/** Median and p90 of n sorted values read by 1-based rank, rounded to whole seconds. */
export function summarizeRanked(n: number, at: (rank: number) => number): Summary {
  if (n === 0) return { count: 0, medianSec: null, p90Sec: null };
  return { count: n, medianSec: Math.round(medianAt(n, at)), p90Sec: Math.round(at(percentileRank(n, 90))) };
}

/** Median and p90, rounded to whole seconds, plus the count they describe. */
export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return summarizeRanked(s.length, (r) => s[r - 1]!);
}

/** Average rounded to two decimals; null for no values. */
export function average(sum: number, count: number): number | null {
  return count ? Math.round((sum / count) * 100) / 100 : null;
}
