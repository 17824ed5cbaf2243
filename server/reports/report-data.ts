// The facts each report is made of, from the roll-ups for whole UTC days plus raw rows for the partial
// edges of the range, or (rollups off, or an hourly volume) from raw rows alone. Both ways give the
// same numbers (tests/integration/reports-rollups.test.ts); report-data only picks where to read.
import type { Db } from '../db/client.js';
import { csatByAgent, csatScores, type ScoreSum } from './csat-sql.js';
import { agentMetricValues, metricValues, type MetricValues } from './metric-values.js';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';
import { splitRange } from './rollup-days.js';
import { freshenDays } from './rollup-fresh.js';
import { rolledAgentMetricValues, rolledCsatByAgent, rolledCsatScores, rolledMetricValues, rolledSla, rolledVolume, type Days } from './rollup-read.js';
import { slaCounts, slaRow, volumeRows, type Dialect, type SlaCounts, type VolumeRow } from './sql.js';
import { refreshStoredMetrics } from './stored-metrics.js';

type Range = Pick<ReportFilter, 'from' | 'to' | 'teamId'>;

const emptyValues = (): MetricValues => ({ conversations: 0, resolved: 0, firstResponseMs: new Float64Array(0), resolutionMs: new Float64Array(0) });

function mergeValues(parts: MetricValues[]): MetricValues {
  const cat = (pick: (v: MetricValues) => Float64Array) => {
    const out = new Float64Array(parts.reduce((n, p) => n + pick(p).length, 0));
    let at = 0;
    for (const p of parts) (out.set(pick(p), at), (at += pick(p).length));
    return parts.length > 1 ? out.sort() : out;
  };
  return { conversations: parts.reduce((n, p) => n + p.conversations, 0), resolved: parts.reduce((n, p) => n + p.resolved, 0), firstResponseMs: cat((p) => p.firstResponseMs), resolutionMs: cat((p) => p.resolutionMs) };
}

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

  /** Raw duration reads need the range's stored durations current first (stored-metrics.ts). */
  private async rawDurations<T>(f: Range, read: (f: Range) => Promise<T>): Promise<T> {
    await refreshStoredMetrics(this.db, this.dialect, f);
    return read(f);
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

  async metricValues(f: Range): Promise<MetricValues> {
    const p = await this.plan(f, new Date());
    if (!p) return this.rawDurations(f, (r) => metricValues(this.read, this.dialect, r));
    const parts = await Promise.all([rolledMetricValues(this.read, this.dialect, p.days), ...p.edges.map((e) => this.rawDurations(e, (r) => metricValues(this.read, this.dialect, r)))]);
    return parts.length ? mergeValues(parts) : emptyValues();
  }

  async agentMetricValues(f: Range): Promise<Map<string, MetricValues>> {
    const p = await this.plan(f, new Date());
    if (!p) return this.rawDurations(f, (r) => agentMetricValues(this.read, this.dialect, r));
    const parts = await Promise.all([rolledAgentMetricValues(this.read, this.dialect, p.days), ...p.edges.map((e) => this.rawDurations(e, (r) => agentMetricValues(this.read, this.dialect, r)))]);
    return mergeMaps(parts, (a, b) => mergeValues([a, b]));
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
