// The five reports. Each returns its JSON body and the table its CSV export is made of.
import type { Db } from '../db/client.js';
import { readHours, type BusinessHours } from '../routing/hours.js';
import type { Cell } from './csv.js';
import type { ReportFilter } from './query.js';
import { clientReader, type Reader } from './reader.js';
import { ReportData } from './report-data.js';
import type { Dialect } from './sql.js';
import type { Ranked } from './ranked-sql.js';
import { average, summarizeRanked } from './stats.js';

export interface Report<T> {
  body: T;
  table: { header: string[]; rows: Cell[][] };
}

interface TeamInfo { id: string; name: string; hours: BusinessHours | null }

const pct = (met: number, due: number) => (due ? Math.round((met / due) * 1000) / 10 : null);

/** ISO week bucket: the Monday (UTC) of the day's week. */
function weekOf(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export interface ReportOptions {
  /** Where the heavy reads run (the SQLite read worker); default the client itself. */
  reader?: Reader;
  /** false: every number from raw rows (the recomputation roll-ups are tested against). */
  rollups?: boolean;
}

const text = (v: string | null) => v ?? '';
// Code-point order: keys are ASCII (dates, channel and type names, ids), and localeCompare costs ~100x more over a year's 35,000 series.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Median and p90 in whole seconds (ms / 1000, as openSeconds gives them) from the ranks read. */
const seconds = (r: Ranked | undefined) => summarizeRanked(r?.n ?? 0, (rank) => r!.at.get(rank)! / 1000);

export class ReportService {
  private data: ReportData;

  constructor(private db: Db, dialect: Dialect, opts: ReportOptions = {}) {
    this.data = new ReportData(db, dialect, opts.reader ?? clientReader(db), opts.rollups ?? true);
  }

  private async teams(): Promise<Map<string, TeamInfo>> {
    const rows = await this.db.team.findMany({ select: { id: true, name: true, businessHours: true } });
    return new Map(rows.map((t) => [t.id, { id: t.id, name: t.name, hours: readHours(t.businessHours) }]));
  }

  async volume(f: ReportFilter) {
    const [rows, teams] = await Promise.all([this.data.volume(f), this.teams()]);
    const merged = new Map<string, { bucket: string; channel: string; type: string | null; teamId: string | null; conversations: number }>();
    for (const r of rows) {
      const bucket = f.interval === 'week' ? weekOf(r.bucket) : r.bucket;
      const key = `${bucket}|${r.channel}|${r.type}|${r.teamId}`;
      const hit = merged.get(key);
      if (hit) hit.conversations += r.count;
      else merged.set(key, { bucket, channel: r.channel, type: r.type, teamId: r.teamId, conversations: r.count });
    }
    // One order for every source: bucket, channel, type, team.
    const series = [...merged.values()].sort((a, b) => cmp(a.bucket, b.bucket) || cmp(a.channel, b.channel) || cmp(text(a.type), text(b.type)) || cmp(text(a.teamId), text(b.teamId)));
    const totals = { conversations: 0, byChannel: {} as Record<string, number>, byType: {} as Record<string, number>, byTeam: {} as Record<string, number> };
    for (const s of series) {
      totals.conversations += s.conversations;
      totals.byChannel[s.channel] = (totals.byChannel[s.channel] ?? 0) + s.conversations;
      totals.byType[s.type ?? 'unclassified'] = (totals.byType[s.type ?? 'unclassified'] ?? 0) + s.conversations;
      totals.byTeam[s.teamId ?? 'none'] = (totals.byTeam[s.teamId ?? 'none'] ?? 0) + s.conversations;
    }
    return {
      body: { from: f.from.toISOString(), to: f.to.toISOString(), interval: f.interval, series, totals },
      table: { header: ['bucket', 'channel', 'type', 'team', 'conversations'], rows: series.map((s) => [s.bucket, s.channel, s.type, s.teamId ? teams.get(s.teamId)?.name ?? s.teamId : '', s.conversations]) },
    } satisfies Report<unknown>;
  }

  async responseTimes(f: ReportFilter) {
    const v = (await this.data.durations(f, false)).get('');
    const frt = seconds(v?.firstResponse), res = seconds(v?.resolution);
    const body = { from: f.from.toISOString(), to: f.to.toISOString(), conversations: v?.conversations ?? 0, firstResponse: frt, resolution: res };
    return {
      body,
      table: { header: ['metric', 'count', 'median_sec', 'p90_sec'], rows: [['first_response', frt.count, frt.medianSec, frt.p90Sec], ['resolution', res.count, res.medianSec, res.p90Sec]] },
    } satisfies Report<unknown>;
  }

  async sla(f: ReportFilter, now = new Date()) {
    const [rows, teams] = await Promise.all([this.data.sla(f, now), this.teams()]);
    const sum = (k: 'frMet' | 'frDue' | 'resMet' | 'resDue') => rows.reduce((a, r) => a + r[k], 0);
    const view = (r: { teamId: string | null; frMet: number; frDue: number; resMet: number; resDue: number }) => ({
      teamId: r.teamId, team: r.teamId ? teams.get(r.teamId)?.name ?? null : null,
      firstResponse: { met: r.frMet, due: r.frDue, attainmentPct: pct(r.frMet, r.frDue) },
      resolution: { met: r.resMet, due: r.resDue, attainmentPct: pct(r.resMet, r.resDue) },
    });
    const byTeam = rows.map(view);
    const overall = view({ teamId: null, frMet: sum('frMet'), frDue: sum('frDue'), resMet: sum('resMet'), resDue: sum('resDue') });
    return {
      body: { from: f.from.toISOString(), to: f.to.toISOString(), firstResponse: overall.firstResponse, resolution: overall.resolution, byTeam },
      table: {
        header: ['team', 'first_response_met', 'first_response_due', 'first_response_pct', 'resolution_met', 'resolution_due', 'resolution_pct'],
        rows: [overall, ...byTeam].map((v, i) => [i === 0 ? 'All teams' : v.team ?? 'No team', v.firstResponse.met, v.firstResponse.due, v.firstResponse.attainmentPct, v.resolution.met, v.resolution.due, v.resolution.attainmentPct]),
      },
    } satisfies Report<unknown>;
  }

  async csat(f: ReportFilter) {
    const groups = await this.data.csatScores(f);
    const distribution: Record<'1' | '2' | '3' | '4' | '5', number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    let sum = 0;
    let count = 0;
    for (const [score, n] of groups) {
      const key = String(score) as keyof typeof distribution;
      if (!(key in distribution)) continue;
      distribution[key] += n;
      sum += score * n;
      count += n;
    }
    const satisfiedPct = count ? Math.round(((distribution[4] + distribution[5]) / count) * 1000) / 10 : null;
    return {
      body: { from: f.from.toISOString(), to: f.to.toISOString(), responses: count, average: average(sum, count), satisfiedPct, distribution },
      table: { header: ['score', 'responses'], rows: (['1', '2', '3', '4', '5'] as const).map((s) => [Number(s), distribution[s]]) },
    } satisfies Report<unknown>;
  }

  async agents(f: ReportFilter) {
    const [per, csat] = await Promise.all([this.data.durations(f, true), this.data.csatByAgent(f)]);
    const ids = [...new Set([...per.keys(), ...csat.keys()])];
    const users = await this.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
    const agents = users.map((u) => {
      const a = per.get(u.id);
      const c = csat.get(u.id);
      return {
        agentId: u.id, name: u.name, email: u.email,
        conversations: a?.conversations ?? 0, resolved: a?.resolved ?? 0,
        medianFirstResponseSec: seconds(a?.firstResponse).medianSec, medianResolutionSec: seconds(a?.resolution).medianSec,
        csatAverage: c ? average(c.sum, c.count) : null, csatResponses: c?.count ?? 0,
      };
    }).sort((x, y) => y.conversations - x.conversations || x.name.localeCompare(y.name));
    return {
      body: { from: f.from.toISOString(), to: f.to.toISOString(), agents },
      table: {
        header: ['agent', 'email', 'conversations', 'resolved', 'median_first_response_sec', 'median_resolution_sec', 'csat_average', 'csat_responses'],
        rows: agents.map((a) => [a.name, a.email, a.conversations, a.resolved, a.medianFirstResponseSec, a.medianResolutionSec, a.csatAverage, a.csatResponses]),
      },
    } satisfies Report<unknown>;
  }
}
