// SLA arithmetic, free of I/O. Three timers per conversation, from its priority's SlaPolicy:
//   first response  createdAt + firstResponseSec, met by the first public agent reply;
//   next response   set when the customer writes after an agent reply, cleared by the next reply;
//   resolution      createdAt + resolutionSec, met by resolving.
// Pausing (status 'pending' = waiting on the customer) is bookkept as a 'sla_paused' RoutingEvent;
// on resume every running due time moves later by the paused duration (see sla-service.ts).

export type SlaTimer = 'first_response' | 'next_response' | 'resolution';

export interface SlaPolicyRow {
  priority: number;
  firstResponseSec: number;
  nextResponseSec: number;
  resolutionSec: number;
}

export interface SlaRow {
  status: string;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/** Timers stop while waiting on the customer, and once resolved. */
export function timersRun(status: string): boolean {
  return status === 'open' || status === 'snoozed';
}

export function initialDue(policy: SlaPolicyRow | null, start: number): { firstResponseDueAt: Date | null; resolutionDueAt: Date | null } {
  if (!policy) return { firstResponseDueAt: null, resolutionDueAt: null };
  return { firstResponseDueAt: new Date(start + policy.firstResponseSec * 1000), resolutionDueAt: new Date(start + policy.resolutionSec * 1000) };
}

const later = (d: Date | null, ms: number) => (d ? new Date(d.getTime() + ms) : null);

/** Due times after a pause of `pausedMs`: only timers still running move. */
export function shiftedDue(row: SlaRow, pausedMs: number) {
  return {
    firstResponseDueAt: row.firstResponseAt ? row.firstResponseDueAt : later(row.firstResponseDueAt, pausedMs),
    nextResponseDueAt: later(row.nextResponseDueAt, pausedMs),
    resolutionDueAt: later(row.resolutionDueAt, pausedMs),
  };
}

/** Running timers with their due time, earliest first. */
export function runningTimers(row: SlaRow): { timer: SlaTimer; dueAt: Date }[] {
  const out: { timer: SlaTimer; dueAt: Date }[] = [];
  if (!row.firstResponseAt && row.firstResponseDueAt) out.push({ timer: 'first_response', dueAt: row.firstResponseDueAt });
  if (row.nextResponseDueAt) out.push({ timer: 'next_response', dueAt: row.nextResponseDueAt });
  if (row.resolutionDueAt) out.push({ timer: 'resolution', dueAt: row.resolutionDueAt });
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The first timer past due at `now`, or null (paused and resolved conversations never breach). */
export function breachOf(row: SlaRow, now: number): { timer: SlaTimer; dueAt: Date } | null {
  if (!timersRun(row.status)) return null;
  return runningTimers(row).find((t) => t.dueAt.getTime() <= now) ?? null;
}

export function windowSec(policy: SlaPolicyRow, timer: SlaTimer): number {
  return timer === 'first_response' ? policy.firstResponseSec : timer === 'next_response' ? policy.nextResponseSec : policy.resolutionSec;
}

export interface Risk {
  timer: SlaTimer;
  dueAt: Date;
  remainingSec: number;
  windowSec: number;
}

/** The timer with less than `ratio` of its window left (not yet breached), or null. */
export function riskOf(row: SlaRow, policy: SlaPolicyRow, now: number, ratio: number): Risk | null {
  if (!timersRun(row.status)) return null;
  for (const t of runningTimers(row)) {
    const remaining = (t.dueAt.getTime() - now) / 1000;
    const window = windowSec(policy, t.timer);
    if (remaining > 0 && remaining < ratio * window) return { timer: t.timer, dueAt: t.dueAt, remainingSec: Math.round(remaining), windowSec: window };
  }
  return null;
}
