// SLA timers against the database: pause/resume around 'pending', the next-response timer, the
// breach sweep (run by the scheduler) and the at-risk list for supervisors.
import type { Prisma } from '../db/client.js';
import type { RoutingDeps } from './deps.js';
import { writeRouted } from './routed-write.js';
import { breachOf, riskOf, shiftedDue, timersRun, type Risk, type SlaPolicyRow } from './sla.js';

const SLA_SELECT = { id: true, status: true, priority: true, teamId: true, assigneeId: true, channel: true, firstResponseAt: true, firstResponseDueAt: true, nextResponseDueAt: true, resolutionDueAt: true } as const;
const PAUSE_ACTIONS = ['sla_paused', 'sla_resumed'];

export interface AtRisk extends Risk {
  conversationId: string;
  teamId: string | null;
  assigneeId: string | null;
  priority: number;
  channel: string;
}

export class SlaService {
  constructor(private d: RoutingDeps) {}

  /** When the running pause started (epoch ms), or null when the timers are running. */
  async pausedSince(conversationId: string): Promise<number | null> {
    const last = await this.d.db.routingEvent.findFirst({ where: { conversationId, action: { in: PAUSE_ACTIONS } }, orderBy: { createdAt: 'desc' }, select: { action: true, createdAt: true } });
    return last?.action === 'sla_paused' ? last.createdAt.getTime() : null;
  }

  /** Pauses on 'pending', resumes on anything else; called after every status change. */
  async syncPause(conversationId: string): Promise<void> {
    const row = await this.d.db.conversation.findUnique({ where: { id: conversationId }, select: SLA_SELECT });
    if (!row) return;
    const since = await this.pausedSince(conversationId);
    if (row.status === 'pending' && since === null) {
      await this.d.db.routingEvent.create({ data: { conversationId, action: 'sla_paused', teamId: row.teamId, reason: 'waiting on the customer: SLA timers paused', createdAt: new Date(this.d.now()) } });
    } else if (row.status !== 'pending' && since !== null) {
      await this.resume(row, since);
    }
  }

  private async resume(row: Prisma.ConversationGetPayload<{ select: typeof SLA_SELECT }>, since: number): Promise<void> {
    // A resume in the same millisecond as its pause must still sort after it.
    const now = Math.max(this.d.now(), since + 1);
    const pausedMs = now - since;
    await writeRouted(this.d.db, {
      // Compare-and-set on the due times read: a second node resuming the same pause shifts nothing.
      where: { id: row.id, firstResponseDueAt: row.firstResponseDueAt, nextResponseDueAt: row.nextResponseDueAt, resolutionDueAt: row.resolutionDueAt },
      data: shiftedDue(row, pausedMs),
      event: { conversationId: row.id, action: 'sla_resumed', teamId: row.teamId, reason: `SLA timers resumed after ${Math.round(pausedMs / 1000)} s paused; due times moved`, createdAt: new Date(now) },
    });
  }

  /** Customer messages resume a pause and start the next-response timer; agent replies stop it. */
  /** Returns the message's direction (null when it is gone). */
  async onMessage(messageId: number, conversationId: string): Promise<string | null> {
    const m = await this.d.db.message.findUnique({ where: { id: messageId }, select: { direction: true, authorKind: true, private: true } });
    if (!m) return null;
    if (m.direction === 'out' && m.authorKind === 'agent' && !m.private) {
      await this.d.db.conversation.updateMany({ where: { id: conversationId, nextResponseDueAt: { not: null } }, data: { nextResponseDueAt: null } });
    }
    if (m.direction !== 'in') return m.direction;
    // Ingest reopens a pending conversation without a status event: resume here.
    await this.syncPause(conversationId);
    await this.startNextResponse(conversationId);
    return m.direction;
  }

  /**
   * A customer message on a conversation ingest knew was open (no pause to resume). Its store
   * said whether the conversation was answered with no clock running; only then is there work.
   */
  async onOpenInbound(conversationId: string, startsReplyClock: boolean): Promise<'in'> {
    if (startsReplyClock) await this.startNextResponse(conversationId);
    return 'in';
  }

  /** Only the first customer message after an agent reply starts the clock (null -> due). */
  private async startNextResponse(conversationId: string): Promise<void> {
    const row = await this.d.db.conversation.findUnique({ where: { id: conversationId }, select: { priority: true, status: true, firstResponseAt: true, nextResponseDueAt: true } });
    if (!row || !row.firstResponseAt || row.nextResponseDueAt || !timersRun(row.status)) return;
    const policy = await this.d.db.slaPolicy.findUnique({ where: { priority: row.priority } });
    if (policy) await this.d.db.conversation.updateMany({ where: { id: conversationId, nextResponseDueAt: null }, data: { nextResponseDueAt: new Date(this.d.now() + policy.nextResponseSec * 1000) } });
  }

  /** Flags every conversation past a due time once; returns the ids flagged. */
  async sweepBreaches(limit = 500): Promise<string[]> {
    const now = this.d.now();
    const at = new Date(now);
    const rows = await this.d.db.conversation.findMany({
      where: {
        slaBreachedAt: null, status: { in: ['open', 'snoozed'] },
        OR: [{ firstResponseAt: null, firstResponseDueAt: { lte: at } }, { nextResponseDueAt: { lte: at } }, { resolutionDueAt: { lte: at } }],
      },
      select: SLA_SELECT,
      take: limit,
    });
    const flagged: string[] = [];
    for (const row of rows) {
      const breach = breachOf(row, now);
      if (!breach) continue;
      const reason = `${breach.timer.replace('_', ' ')} was due ${breach.dueAt.toISOString()} (priority ${row.priority})`;
      const done = await writeRouted(this.d.db, {
        where: { id: row.id, slaBreachedAt: null },
        data: { slaBreachedAt: at },
        event: { conversationId: row.id, action: 'sla_breached', teamId: row.teamId, agentId: row.assigneeId, reason, createdAt: at },
      });
      if (!done) continue;
      flagged.push(row.id);
      this.d.bus.emit('conversation.updated', { conversationId: row.id, change: 'sla' });
      this.d.bus.emit('sla.breached', { conversationId: row.id, timer: breach.timer, dueAt: breach.dueAt.toISOString(), teamId: row.teamId, assigneeId: row.assigneeId });
    }
    return flagged;
  }

  /** Conversations with less than `ratio` of a timer's window left, soonest due first. */
  async atRisk(ratio = 0.2, teamId?: string): Promise<AtRisk[]> {
    const now = this.d.now();
    const policies: SlaPolicyRow[] = await this.d.db.slaPolicy.findMany();
    const out: AtRisk[] = [];
    for (const p of policies) {
      const within = (sec: number) => ({ gt: new Date(now), lt: new Date(now + ratio * sec * 1000) });
      const rows = await this.d.db.conversation.findMany({
        where: {
          priority: p.priority, slaBreachedAt: null, status: { in: ['open', 'snoozed'] }, ...(teamId ? { teamId } : {}),
          OR: [{ firstResponseAt: null, firstResponseDueAt: within(p.firstResponseSec) }, { nextResponseDueAt: within(p.nextResponseSec) }, { resolutionDueAt: within(p.resolutionSec) }],
        },
        select: SLA_SELECT,
        take: 500,
      });
      for (const row of rows) {
        const risk = riskOf(row, p, now, ratio);
        if (risk) out.push({ conversationId: row.id, teamId: row.teamId, assigneeId: row.assigneeId, priority: row.priority, channel: row.channel, ...risk });
      }
    }
    return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
}
