// Routes each new conversation: classify its first message, pick the team, start SLA clocks,
// queue it, and assign the least-loaded online agent of that team with capacity left.
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import type { Logger } from '../log.js';
import type { RequestType } from '../realtime/contract.js';
import { classify } from './classifier/index.js';

export const TEAM_FOR_TYPE: Record<RequestType, string> = { sales: 'sales', support: 'support', complaint: 'care', billing: 'finance' };
/** Below this confidence a conversation goes to triage instead of a guess. */
export const TRIAGE_THRESHOLD = 0.55;

export interface RoutingDecision {
  type: RequestType;
  confidence: number;
  priority: number;
  language: string;
  team: string;
}

export function decide(text: string): RoutingDecision {
  const c = classify(text);
  const team = c.confidence >= TRIAGE_THRESHOLD ? TEAM_FOR_TYPE[c.type] : 'triage';
  return { type: c.type, confidence: Math.round(c.confidence * 1000) / 1000, priority: c.priority, language: c.language, team };
}

export class RoutingService {
  private roundRobin = new Map<string, number>();

  constructor(private db: Db, private bus: DomainBus, private log: Logger) {}

  /** Listens for new conversations and freed capacity. */
  listen(): void {
    this.bus.on('conversation.created', ({ conversationId }) => this.route(conversationId));
    this.bus.on('presence.updated', ({ presence }) => (presence === 'online' ? this.drain() : undefined));
    this.bus.on('conversation.updated', ({ change }) => (change === 'status' || change === 'assignment' ? this.drain() : undefined));
  }

  async route(conversationId: string): Promise<void> {
    const conversation = await this.db.conversation.findUnique({
      where: { id: conversationId },
      include: { messages: { where: { direction: 'in' }, orderBy: { id: 'asc' }, take: 1, select: { body: true } } },
    });
    if (!conversation || conversation.teamId) return;
    const text = [conversation.subject, conversation.messages[0]?.body].filter(Boolean).join('\n');
    const d = decide(text);
    const team = await this.db.team.findUnique({ where: { key: d.team } });
    const sla = await this.db.slaPolicy.findUnique({ where: { priority: d.priority } });
    const start = conversation.createdAt.getTime();
    await this.db.$transaction([
      this.db.conversation.update({
        where: { id: conversationId },
        data: {
          type: d.type, typeConfidence: d.confidence, priority: d.priority, language: d.language, teamId: team?.id ?? null,
          queuedAt: conversation.assigneeId ? null : new Date(),
          firstResponseDueAt: sla ? new Date(start + sla.firstResponseSec * 1000) : null,
          resolutionDueAt: sla ? new Date(start + sla.resolutionSec * 1000) : null,
        },
      }),
      this.db.routingEvent.create({ data: { conversationId, action: 'classified', teamId: team?.id ?? null, reason: `${d.type} (confidence ${d.confidence}, priority ${d.priority}, ${d.language}) -> ${d.team}` } }),
    ]);
    this.bus.emit('conversation.updated', { conversationId, change: 'routing' });
    if (team) await this.assignFromQueue(team.id);
  }

  /** Assigns waiting conversations of every team while agents have capacity. */
  async drain(): Promise<void> {
    const teams = await this.db.team.findMany({ select: { id: true } });
    for (const t of teams) await this.assignFromQueue(t.id);
  }

  async assignFromQueue(teamId: string): Promise<void> {
    const waiting = await this.db.conversation.findMany({
      where: { teamId, assigneeId: null, status: 'open', queuedAt: { not: null } },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }],
      take: 50,
      select: { id: true, channel: true },
    });
    for (const c of waiting) {
      const agentId = await this.pickAgent(teamId, c.channel);
      if (!agentId) return;
      const updated = await this.db.conversation.updateMany({ where: { id: c.id, assigneeId: null }, data: { assigneeId: agentId, queuedAt: null } });
      if (updated.count !== 1) continue;
      await this.db.routingEvent.create({ data: { conversationId: c.id, action: 'assigned', teamId, agentId, reason: 'least-loaded online agent of the team with capacity' } });
      this.log.debug({ conversationId: c.id, agentId }, 'assigned');
      this.bus.emit('conversation.updated', { conversationId: c.id, change: 'assignment' });
    }
  }

  private async pickAgent(teamId: string, channel: string): Promise<string | null> {
    const members = await this.db.user.findMany({
      where: { active: true, presence: 'online', teams: { some: { teamId } } },
      select: { id: true, capacity: true, _count: { select: { assigned: { where: { status: { in: ['open', 'pending'] }, channel } } } } },
      orderBy: { id: 'asc' },
    });
    const free = members.filter((m) => m._count.assigned < capacityFor(m.capacity, channel));
    if (free.length === 0) return null;
    const least = Math.min(...free.map((m) => m._count.assigned));
    const tied = free.filter((m) => m._count.assigned === least);
    // Round robin among equally loaded agents, so one agent is not always first.
    const turn = (this.roundRobin.get(teamId) ?? 0) % tied.length;
    this.roundRobin.set(teamId, turn + 1);
    return tied[turn]!.id;
  }
}

export function capacityFor(capacity: unknown, channel: string): number {
  const value = (capacity as Record<string, unknown> | null)?.[channel];
  return typeof value === 'number' && value >= 0 ? value : 3;
}
