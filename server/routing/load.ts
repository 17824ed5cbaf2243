// Reads the router's in-memory picture from the database: at start, on a timer (other nodes and
// admin edits change the DB too), and one row at a time when a domain event says it changed.
import type { Db } from '../db/client.js';
import type { AgentInfo } from './agents.js';
import type { ConvState, LiveIndex } from './live-index.js';

export const STATE_SELECT = { id: true, teamId: true, channel: true, priority: true, queuedAt: true, assigneeId: true, status: true } as const;

interface StateRow { id: string; teamId: string | null; channel: string; priority: number; queuedAt: Date | null; assigneeId: string | null; status: string }

export function toState(row: StateRow): ConvState {
  return { ...row, queuedAt: row.queuedAt ? row.queuedAt.getTime() : null };
}

const AGENT_SELECT = { id: true, presence: true, active: true, capacity: true, teams: { select: { teamId: true } } } as const;

function toAgent(u: { id: string; presence: string; capacity: unknown; teams: { teamId: string }[] }): AgentInfo {
  const capacity = u.capacity && typeof u.capacity === 'object' ? (u.capacity as Record<string, number>) : {};
  return { id: u.id, online: u.presence === 'online', capacity, teamIds: u.teams.map((t) => t.teamId) };
}

/** Rebuilds the whole index from the database. */
export async function loadAll(db: Db, index: LiveIndex): Promise<void> {
  const [users, convs] = await Promise.all([
    db.user.findMany({ where: { active: true }, select: AGENT_SELECT }),
    db.conversation.findMany({
      where: { status: { in: ['open', 'pending'] }, OR: [{ assigneeId: { not: null } }, { teamId: { not: null }, queuedAt: { not: null } }] },
      select: STATE_SELECT,
    }),
  ]);
  const known = new Set(users.map((u) => u.id));
  for (const a of index.agents.all()) if (!known.has(a.id)) index.agents.remove(a.id);
  for (const u of users) index.agents.set(toAgent(u));
  index.clearConversations();
  for (const c of convs) index.apply(c.id, toState(c));
}

/** Re-reads one agent (presence, capacity, teams); an inactive or deleted user is dropped. */
export async function loadAgent(db: Db, index: LiveIndex, userId: string): Promise<AgentInfo | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: AGENT_SELECT });
  if (!u || !u.active) {
    index.agents.remove(userId);
    return null;
  }
  const agent = toAgent(u);
  index.agents.set(agent);
  return agent;
}

/** Re-reads one conversation and applies it. */
export async function loadConversation(db: Db, index: LiveIndex, id: string) {
  const row = await db.conversation.findUnique({ where: { id }, select: STATE_SELECT });
  return index.apply(id, row ? toState(row) : null);
}

/** Re-reads an agent and everything counted against them (after the database disagreed). */
export async function loadAgentWork(db: Db, index: LiveIndex, userId: string): Promise<void> {
  await loadAgent(db, index, userId);
  const rows = await db.conversation.findMany({ where: { assigneeId: userId, status: { in: ['open', 'pending'] } }, select: STATE_SELECT });
  const ids = new Set([...index.assignedTo(userId), ...rows.map((r) => r.id)]);
  const fresh = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const row = fresh.get(id);
    if (row) index.apply(id, toState(row));
    else await loadConversation(db, index, id);
  }
}
