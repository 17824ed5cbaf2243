// Assignment: the decision comes from the in-memory index; the write re-checks the database in one
// transaction (agent still online with room; conversation still unassigned, same team, open), so
// two nodes never give one conversation to two agents and a stale index never overloads one.
import { capacityFor } from './agents.js';
import type { RoutingDeps } from './deps.js';
import { KeyedLock } from './lock.js';
import type { Decision } from './live-index.js';
import { loadAgentWork, loadConversation } from './load.js';
import { writeRouted } from './routed-write.js';

// Bounds one drain so a huge backlog cannot starve other teams' drains.
const MAX_PER_DRAIN = 500;

export class Assigner {
  private lock = new KeyedLock();

  constructor(private d: RoutingDeps) {}

  /** Assigns the team's waiting conversations while its online agents have room; returns how many. */
  drain(teamId: string): Promise<number> {
    // One drain per team at a time: decisions are reserved in memory before the write.
    return this.lock.run(teamId, () => this.drainNow(teamId));
  }

  async drainAll(teamIds: Iterable<string>): Promise<number> {
    let n = 0;
    for (const t of new Set(teamIds)) n += await this.drain(t);
    return n;
  }

  idle(): Promise<void> {
    return this.lock.idle();
  }

  private async drainNow(teamId: string): Promise<number> {
    let assigned = 0;
    for (let i = 0; i < MAX_PER_DRAIN; i++) {
      const decision = this.d.index.next(teamId);
      if (!decision) break;
      this.d.index.reserve(teamId, decision);
      if (await this.commit(teamId, decision)) assigned++;
    }
    return assigned;
  }

  private async commit(teamId: string, { conversation: c, agentId }: Decision): Promise<boolean> {
    const { db, index, now } = this.d;
    const at = now();
    const waited = c.queuedAt === null ? 0 : Math.max(0, Math.round((at - c.queuedAt) / 1000));
    let won = false;
    let agentStale = false;
    try {
      won = await writeRouted(db, async (tx) => {
        // The index may lag behind other nodes: the agent must still be online with room.
        const agent = await tx.user.findFirst({ where: { id: agentId, active: true, presence: 'online' }, select: { capacity: true } });
        const busy = agent ? await tx.conversation.count({ where: { assigneeId: agentId, channel: c.channel, status: { in: ['open', 'pending'] } } }) : 0;
        if (!agent || busy >= capacityFor(agent.capacity, c.channel)) {
          agentStale = true;
          return null;
        }
        const reason = `least-loaded online agent with room on ${c.channel} (${busy + 1} of ${capacityFor(agent.capacity, c.channel)}); waited ${waited} s`;
        return {
          where: { id: c.id, assigneeId: null, teamId, status: 'open' },
          data: { assigneeId: agentId },
          event: { conversationId: c.id, action: 'assigned', teamId, agentId, reason, createdAt: new Date(at) },
        };
      });
    } catch (err) {
      this.d.log.warn({ err, conversationId: c.id }, 'assignment write failed');
    }
    if (!won) {
      // Another node or an agent got there first: take the database's word for it.
      if (agentStale) await loadAgentWork(db, index, agentId).catch(() => index.agents.remove(agentId));
      await loadConversation(db, index, c.id).catch(() => index.apply(c.id, null));
      return false;
    }
    index.apply(c.id, { ...c, assigneeId: agentId });
    this.d.log.debug({ conversationId: c.id, agentId }, 'assigned');
    this.d.bus.emit('conversation.updated', { conversationId: c.id, change: 'assignment' });
    return true;
  }
}
