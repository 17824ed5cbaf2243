// The facts each report is made of, from the roll-ups for whole UTC days plus raw rows for the partial
// edges of the range, or (rollups off, or an hourly volume) from raw rows alone. Both ways give the
// same numbers (tests/integration/reports-rollups.test.ts); report-data only picks where to read.
import type { Db } from '../db/client.js';
import { csatByAgent, csatScores, type ScoreSum } from './csat-sql.js';
import { agentMetricValues, metricValues } from './metric-values.js';
import { rankedOf, rankedValues, type Ranked } from './ranked-sql.js';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';
import { splitRange } from './rollup-days.js';
import { freshenDays } from './rollup-fresh.js';
import { rolledCounts, rolledCsatByAgent, rolledCsatScores, rolledSla, rolledVolume, type Days } from './rollup-read.js';
import { slaCounts, slaRow, volumeRows, type Dialect, type SlaCounts, type VolumeRow } from './sql.js';
import { refreshStoredMetrics } from './stored-metrics.js';

type Range = Pick<ReportFilter, 'from' | 'to' | 'teamId'>;

export interface Durations { conversations: number; resolved: number; firstResponse: Ranked; resolution: Ranked }
const NONE: Ranked = { n: 0, at: new Map() };

function mergeMaps<V>(parts: Map<string, V>[], add: (a: V, b: V) => V): Map<string, V> {
  const out = new Map<string, V>();
  for (const m of parts) for (const [k, v] of m) out.set(k, out.has(k) ? add(out.get(k)!, v) : v);
  return out;
}

const addScores = (a: ScoreSum, b: ScoreSum): ScoreSum => ({ sum: a.sum + b.sum, count: a.count + b.count });

export class ReportData {
  constructor(private db: Db, private dialect: Dialect, private read: Reader, private useRollups = true) {}

  /** Whole days (built first where out of date) and the edges to read raw; null: all raw. */
  private async plan(f: Range, now: Date): Promise<{ days: Days; edges: Range[] } | null> {
    const split = this.useRollups ? splitRange(f.from, f.to) : null;
    if (!split) return null;
    await freshenDays(this.db, this.dialect, split.fromDay, split.toDay, now);
    return { days: { fromDay: split.fromDay, toDay: split.toDay, teamId: f.teamId }, edges: split.edges.map((e) => ({ ...e, teamId: f.teamId })) };
  }

  async volume(f: Pick<ReportFilter, 'from' | 'to' | 'teamId' | 'interval'>): Promise<VolumeRow[]> {
    const p = f.interval === 'hour' ? null : await this.plan(f, new Date());
    if (!p) return volumeRows(this.read, this.dialect, f);
    const parts = await Promise.all([rolledVolume(this.read, p.days), ...p.edges.map((e) => volumeRows(this.read, this.dialect, { ...e, interval: 'day' }))]);
    return parts.flat();
  }

  async sla(f: Range, now: Date): Promise<SlaCounts[]> {
    const p = await this.plan(f, now);
    const parts = p ? await Promise.all([rolledSla(this.read, p.days), ...p.edges.map((e) => slaCounts(this.read, e, now))]) : [await slaCounts(this.read, f, now)];
    const byTeam = new Map<string | null, SlaCounts>();
    for (const r of parts.flat()) {
      const a = byTeam.get(r.teamId);
      byTeam.set(r.teamId, a ? slaRow(r.teamId, a.frMet + r.frMet, a.frBreached + r.frBreached, a.resMet + r.resMet, a.resBreached + r.resBreached) : r);
    }
    return [...byTeam.values()].sort((a, b) => (a.teamId ?? '').localeCompare(b.teamId ?? ''));
  }

  /** Counts and duration ranks per assignee (byAgent; conversations without one left out) or overall (key ''). */
  async durations(f: Range, byAgent: boolean): Promise<Map<string, Durations>> {
    const p = await this.plan(f, new Date());
    const edges = p ? p.edges : [f];
    for (const e of edges) await refreshStoredMetrics(this.db, this.dialect, e);
    const rawValues = (e: Range) => (byAgent ? agentMetricValues(this.read, this.dialect, e) : metricValues(this.read, this.dialect, e).then((v) => new Map([['', v]])));
    if (!p) {
      // The recomputation: every value read and sorted here, ranks picked in JavaScript.
      const all = await rawValues(f);
      return new Map([...all].map(([k, v]) => [k, { conversations: v.conversations, resolved: v.resolved, firstResponse: rankedOf(v.firstResponseMs), resolution: rankedOf(v.resolutionMs) }]));
    }
    const [counts, fr, res, ...edgeValues] = await Promise.all([
      rolledCounts(this.read, p.days, byAgent),
      rankedValues(this.read, this.dialect, 'firstResponseMs', p.days, p.edges, byAgent),
      rankedValues(this.read, this.dialect, 'resolutionMs', p.days, p.edges, byAgent),
      ...p.edges.map(rawValues),
    ]);
    const out = new Map<string, Durations>();
    const entry = (k: string) => out.get(k) ?? out.set(k, { conversations: 0, resolved: 0, firstResponse: NONE, resolution: NONE }).get(k)!;
    for (const m of [counts, ...edgeValues]) for (const [k, v] of m) (entry(k).conversations += v.conversations, (entry(k).resolved += v.resolved));
    for (const [k, r] of fr) entry(k).firstResponse = r;
    for (const [k, r] of res) entry(k).resolution = r;
    return out;
  }

  async csatScores(f: Range): Promise<Map<number, number>> {
    const p = await this.plan(f, new Date());
    if (!p) return csatScores(this.read, f);
    const parts = await Promise.all([rolledCsatScores(this.read, p.days), ...p.edges.map((e) => csatScores(this.read, e))]);
    const out = new Map<number, number>();
    for (const m of parts) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  }

  async csatByAgent(f: Range): Promise<Map<string, ScoreSum>> {
    const p = await this.plan(f, new Date());
    if (!p) return csatByAgent(this.read, f);
    return mergeMaps(await Promise.all([rolledCsatByAgent(this.read, p.days), ...p.edges.map((e) => csatByAgent(this.read, e))]), addScores);
  }
}
