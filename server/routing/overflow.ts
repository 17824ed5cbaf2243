// Overflow: a conversation waiting longer than its team's overflowAfterSec moves to the team's
// fallback team. Once per conversation, so two teams that fall back to each other cannot loop.
import type { RoutingDeps } from './deps.js';
import { loadConversation } from './load.js';
import { writeRouted } from './routed-write.js';

/** Moves every overdue conversation; returns the fallback teams that received some. */
export async function sweepOverflow(d: RoutingDeps): Promise<string[]> {
  const now = d.now();
  const teams = await d.db.team.findMany({
    where: { fallbackTeamId: { not: null }, overflowAfterSec: { not: null } },
    select: { id: true, name: true, fallbackTeamId: true, overflowAfterSec: true },
  });
  const received: string[] = [];
  for (const t of teams) {
    const to = t.fallbackTeamId!;
    const limit = t.overflowAfterSec!;
    const due = await d.db.conversation.findMany({
      where: { teamId: t.id, assigneeId: null, status: 'open', queuedAt: { lte: new Date(now - limit * 1000) }, routing: { none: { action: 'overflowed' } } },
      select: { id: true, queuedAt: true },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }],
      take: 200,
    });
    for (const c of due) {
      const waited = Math.round((now - c.queuedAt!.getTime()) / 1000);
      const moved = await writeRouted(d.db, {
        // Conditional: another node's sweep, or an agent taking it, wins without a double move.
        where: { id: c.id, teamId: t.id, assigneeId: null, status: 'open' },
        data: { teamId: to },
        event: { conversationId: c.id, action: 'overflowed', teamId: to, reason: `waited ${waited} s in ${t.name} (limit ${limit} s); moved to its fallback team`, createdAt: new Date(now) },
      }).catch((err: unknown) => {
        d.log.warn({ err, conversationId: c.id }, 'overflow failed');
        return false;
      });
      if (!moved) continue;
      await loadConversation(d.db, d.index, c.id);
      d.bus.emit('conversation.updated', { conversationId: c.id, change: 'routing' });
      received.push(to);
    }
  }
  return received;
}
