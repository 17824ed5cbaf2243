// Definitions behind the stored durations and the rank-based percentiles that replaced row reads.
import { describe, expect, it } from 'vitest';
import { unpack } from '../../../server/reports/metric-values.js';
import { openMs, openSeconds } from '../../../server/reports/open-time.js';
import { medianRanks, percentileRank, summarize, summarizeRanked } from '../../../server/reports/stats.js';
import { metricsOf } from '../../../server/reports/stored-metrics.js';

const weekdays = { tz: 'Europe/Berlin', days: { '1': [['09:00', '17:00']], '5': [['09:00', '12:00'], ['13:00', '17:00']] } } as { tz: string; days: Record<string, [string, string][]> };

describe('stored durations', () => {
  it('are whole open-hours milliseconds; seconds are exactly openSeconds', () => {
    const created = Date.parse('2025-01-03T15:30:00.123Z'), answered = Date.parse('2025-01-06T09:15:00.456Z');
    const m = metricsOf({ createdAt: created, firstResponseAt: answered, resolvedAt: null }, weekdays);
    expect(m).toEqual({ firstResponseMs: openMs(created, answered, weekdays), resolutionMs: null });
    expect(Number.isInteger(m.firstResponseMs)).toBe(true);
    expect(m.firstResponseMs! / 1000).toBe(openSeconds(created, answered, weekdays));
    expect(metricsOf({ createdAt: answered, firstResponseAt: created, resolvedAt: answered + 5 }, null)).toEqual({ firstResponseMs: 0, resolutionMs: 5 });
  });
});

describe('rank-based summaries', () => {
  it('pick the same values as sorting every value', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 3, 9, 10, 11, 99, 100, 1001]) {
      const ms = Array.from({ length: n }, () => Math.floor(rnd() * 9e6));
      const sorted = unpack(ms.join(','));
      expect(summarizeRanked(n, (r) => sorted[r - 1]! / 1000), String(n)).toEqual(summarize(ms.map((x) => x / 1000)));
    }
    expect(medianRanks(4)).toEqual([2, 3]);
    expect(medianRanks(5)).toEqual([3]);
    expect(percentileRank(10, 90)).toBe(9);
    expect(summarizeRanked(0, () => 0)).toEqual({ count: 0, medianSec: null, p90Sec: null });
  });
  it('unpack sorts numerically, not as text', () => {
    expect([...unpack('100,9,10')]).toEqual([9, 10, 100]);
    expect(unpack(null).length).toBe(0);
  });
});
