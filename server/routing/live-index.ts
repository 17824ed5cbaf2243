// The in-memory picture the router decides from: who waits in which team's queue and how loaded
// each agent is. Kept in sync from domain events and reloaded from the database (the source of
// truth), so an assignment decision never scans the database.
import { AgentBook } from './agents.js';
import { TeamQueue, type QueueEntry } from './queue.js';

export interface ConvState {
  id: string;
  teamId: string | null;
  channel: string;
  priority: number;
  /** Epoch ms, or null when never queued. */
  queuedAt: number | null;
  assigneeId: string | null;
  status: string;
}

export interface Decision {
  conversation: ConvState;
  agentId: string;
}

/** What changed for the router when a conversation's state was applied. */
export interface Effect {
  /** An agent whose load went down: their teams may assign again. */
  freedAgent?: string;
  /** A team whose queue gained an entry. */
  queuedTeam?: string;
}

/** Waiting for an agent: open, unassigned, with a team and a queue time. */
export function isQueued(c: ConvState): boolean {
  return c.status === 'open' && c.assigneeId === null && c.teamId !== null && c.queuedAt !== null;
}

/** Counts against the assignee's capacity (the same rule as the supervisor overview). */
export function countsAsLoad(c: ConvState): boolean {
  return c.assigneeId !== null && (c.status === 'open' || c.status === 'pending');
}

const entry = (c: ConvState): QueueEntry => ({ id: c.id, channel: c.channel, priority: c.priority, queuedAt: c.queuedAt! });

export class LiveIndex {
  readonly agents = new AgentBook();
  private convs = new Map<string, ConvState>();
  private queues = new Map<string, TeamQueue>();

  get(id: string): ConvState | undefined {
    return this.convs.get(id);
  }

  queue(teamId: string): TeamQueue {
    let q = this.queues.get(teamId);
    if (!q) this.queues.set(teamId, (q = new TeamQueue()));
    return q;
  }

  waiting(teamId?: string): number {
    if (teamId) return this.queues.get(teamId)?.size ?? 0;
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  teamsWithWaiting(): string[] {
    return [...this.queues.entries()].filter(([, q]) => q.size > 0).map(([t]) => t);
  }

  /** Replaces what the index knows about one conversation (null: forget it). */
  apply(id: string, next: ConvState | null): Effect {
    const prev = this.convs.get(id);
    const effect: Effect = {};
    if (prev) {
      if (countsAsLoad(prev)) this.agents.addLoad(prev.assigneeId!, prev.channel, -1);
      if (isQueued(prev)) this.queue(prev.teamId!).remove(entry(prev));
    }
    if (next && (countsAsLoad(next) || isQueued(next))) {
      const copy = { ...next };
      if (countsAsLoad(copy)) this.agents.addLoad(copy.assigneeId!, copy.channel, 1);
      if (isQueued(copy)) this.queue(copy.teamId!).insert(entry(copy));
      this.convs.set(id, copy);
    } else {
      this.convs.delete(id);
    }
    const stillCounts = next && countsAsLoad(next) && next.assigneeId === prev?.assigneeId && next.channel === prev?.channel;
    if (prev && countsAsLoad(prev) && !stillCounts) effect.freedAgent = prev.assigneeId!;
    if (next && isQueued(next) && !(prev && isQueued(prev) && prev.teamId === next.teamId)) effect.queuedTeam = next.teamId!;
    return effect;
  }

  /** The next conversation of the team and the agent who should take it, or null. */
  next(teamId: string): Decision | null {
    const q = this.queues.get(teamId);
    if (!q || q.size === 0) return null;
    const picks = new Map<string, string | null>();
    const pickFor = (channel: string) => {
      if (!picks.has(channel)) picks.set(channel, this.agents.pick(teamId, channel));
      return picks.get(channel)!;
    };
    const head = q.head((channel) => pickFor(channel) !== null);
    if (!head) return null;
    return { conversation: this.convs.get(head.id)!, agentId: pickFor(head.channel)! };
  }

  /** Takes the decision into the index before the database write, so no other decision reuses the slot. */
  reserve(teamId: string, d: Decision): void {
    this.apply(d.conversation.id, { ...d.conversation, assigneeId: d.agentId });
    this.agents.rememberPick(teamId, d.agentId);
  }

  /** 1-based place in its team's line; 0 when the conversation is not waiting. */
  position(id: string): number {
    const c = this.convs.get(id);
    if (!c || !isQueued(c)) return 0;
    return this.queue(c.teamId!).position(entry(c));
  }

  /** Ids of the conversations the index counts against an agent. */
  assignedTo(agentId: string): string[] {
    return [...this.convs.values()].filter((c) => c.assigneeId === agentId && countsAsLoad(c)).map((c) => c.id);
  }

  /** Waiting conversations of a team, for sweeps (overflow) and the admin view. */
  waitingIn(teamId: string): ConvState[] {
    const q = this.queues.get(teamId);
    return q ? [...q.entries()].map((e) => this.convs.get(e.id)!) : [];
  }

  /** Drops every conversation (agents stay): used before a full reload. */
  clearConversations(): void {
    this.convs.clear();
    this.queues.clear();
    this.agents.clearLoads();
  }
}
