// The supervisor's live picture, per team and per channel: queue, work in progress, SLA risk,
// and agents with their current load. Built from a handful of grouped reads, no per-row loops:
// SLA states are counted in SQL (overview-sla.ts) by the rule slaState states here.
import type { Db } from '../db/client.js';
import { timersRun } from '../routing/sla.js';
import { slaCells } from './overview-sla.js';
import { dialectOf, type Dialect } from './sql.js';

/** A timer is at risk when less than this share of its window (created -> due) is left. */
export const AT_RISK_SHARE = 0.2;
/** Statuses whose SLA timers run, as timersRun says (a test keeps the two in step). */
export const RUNNING = ['open', 'snoozed'] as const;

export interface QueueStats { waiting: number; longestWaitSec: number; inProgress: number; slaAtRisk: number; slaBreached: number }
export interface ChannelStats extends QueueStats { channel: string }
export interface AgentLoad { id: string; name: string; presence: string; load: number }

const empty = (): QueueStats => ({ waiting: 0, longestWaitSec: 0, inProgress: 0, slaAtRisk: 0, slaBreached: 0 });

/** 'breached', 'at_risk' or null for one conversation's running timers at `now`. */
export function slaState(c: { status: string; createdAt: Date; firstResponseAt: Date | null; firstResponseDueAt: Date | null; resolutionDueAt: Date | null }, now: number): 'breached' | 'at_risk' | null {
  if (!timersRun(c.status)) return null;
  const dues = [...(c.firstResponseAt ? [] : [c.firstResponseDueAt]), c.resolutionDueAt].filter((d): d is Date => d !== null);
  if (dues.some((d) => d.getTime() <= now)) return 'breached';
  const risky = dues.some((d) => d.getTime() - now <= AT_RISK_SHARE * (d.getTime() - c.createdAt.getTime()));
  return risky ? 'at_risk' : null;
}

export async function buildOverview(db: Db, now = Date.now(), dialect: Dialect = dialectOf(db)) {
  const [teams, waiting, inProgress, timed, loads, csat] = await Promise.all([
    db.team.findMany({ select: { id: true, key: true, name: true, members: { select: { user: { select: { id: true, name: true, presence: true, active: true } } } } }, orderBy: { name: 'asc' } }),
    db.conversation.groupBy({ by: ['teamId', 'channel'], where: { status: 'open', assigneeId: null }, _count: { _all: true }, _min: { queuedAt: true } }),
    db.conversation.groupBy({ by: ['teamId', 'channel'], where: { status: { in: ['open', 'pending'] }, assigneeId: { not: null } }, _count: { _all: true } }),
    slaCells(db, dialect, now, AT_RISK_SHARE, RUNNING),
    db.conversation.groupBy({ by: ['assigneeId'], where: { status: { in: ['open', 'pending'] }, assigneeId: { not: null } }, _count: { _all: true } }),
    // All-time totals kept by triggers on CsatResponse (migration report_day_rollups), not an AVG over every response.
    db.reportCsatTotal.findUnique({ where: { id: 1 } }),
  ]);
  // Legacy field: first-response breaches only, as the overview always reported them.
  const firstBreached = new Map<string | null, number>();
  const cells = new Map<string, QueueStats>();
  const cell = (teamId: string | null, channel: string) => {
    const key = `${teamId ?? ''}|${channel}`;
    let s = cells.get(key);
    if (!s) cells.set(key, (s = empty()));
    return s;
  };
  for (const w of waiting) {
    const s = cell(w.teamId, w.channel);
    s.waiting += w._count._all;
    if (w._min.queuedAt) s.longestWaitSec = Math.max(s.longestWaitSec, Math.round((now - w._min.queuedAt.getTime()) / 1000));
  }
  for (const p of inProgress) cell(p.teamId, p.channel).inProgress += p._count._all;
  for (const c of timed) {
    // As before: a cell appears only when it has something to count.
    if (c.breached) cell(c.teamId, c.channel).slaBreached += c.breached;
    if (c.atRisk) cell(c.teamId, c.channel).slaAtRisk += c.atRisk;
    if (c.firstBreached) firstBreached.set(c.teamId, (firstBreached.get(c.teamId) ?? 0) + c.firstBreached);
  }
  const load = new Map(loads.map((l) => [l.assigneeId!, l._count._all]));
  const channelsOf = (teamId: string | null | undefined): ChannelStats[] =>
    [...cells.entries()].filter(([k]) => teamId === undefined || k.split('|')[0] === (teamId ?? '')).map(([k, s]) => ({ channel: k.split('|')[1]!, ...s }));
  const sum = (list: ChannelStats[]): QueueStats => list.reduce((a, s) => ({ waiting: a.waiting + s.waiting, longestWaitSec: Math.max(a.longestWaitSec, s.longestWaitSec), inProgress: a.inProgress + s.inProgress, slaAtRisk: a.slaAtRisk + s.slaAtRisk, slaBreached: a.slaBreached + s.slaBreached }), empty());
  const byChannel = new Map<string, ChannelStats>();
  for (const c of channelsOf(undefined)) {
    const prev = byChannel.get(c.channel);
    byChannel.set(c.channel, prev ? { channel: c.channel, ...sum([prev, c]) } : c);
  }
  const unrouted = sum(channelsOf(null));
  return {
    generatedAt: new Date(now).toISOString(),
    teams: teams.map((t) => {
      const channels = channelsOf(t.id);
      const total = sum(channels);
      const members: AgentLoad[] = t.members.map((m) => m.user).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, presence: u.presence, load: load.get(u.id) ?? 0 }));
      const count = (p: string) => members.filter((a) => a.presence === p).length;
      return {
        id: t.id, key: t.key, name: t.name,
        waiting: total.waiting, longestWaitSec: total.longestWaitSec, inProgress: total.inProgress,
        slaBreached: firstBreached.get(t.id) ?? 0,
        sla: { atRisk: total.slaAtRisk, breached: total.slaBreached },
        agents: { online: count('online'), away: count('away'), offline: count('offline') },
        members, channels,
      };
    }),
    channels: [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    unrouted: unrouted.waiting,
    unroutedByChannel: channelsOf(null),
    csat: { average: csat?.responses ? csat.scoreSum / csat.responses : null, responses: csat?.responses ?? 0 },
  };
}

export type Overview = Awaited<ReturnType<typeof buildOverview>>;
