// An agent who goes offline gives back the conversations they have not answered yet: they return
// to the queue at their original place (queuedAt), so the customer does not start over.
import type { RoutingDeps } from './deps.js';
import { loadConversation } from './load.js';
import { writeRouted } from './routed-write.js';

/** Releases the agent's unanswered open conversations; returns the teams that should drain. */
export async function releaseAgent(d: RoutingDeps, userId: string, reason: string): Promise<string[]> {
  const rows = await d.db.conversation.findMany({
    where: { assigneeId: userId, status: 'open', firstResponseAt: null },
    select: { id: true, teamId: true, queuedAt: true, createdAt: true },
  });
  const teams: string[] = [];
  for (const row of rows) {
    // A manual assignment cleared queuedAt; the creation time is then the fairest place.
    const queuedAt = row.queuedAt ?? row.createdAt;
    const released = await writeRouted(d.db, {
      where: { id: row.id, assigneeId: userId, firstResponseAt: null },
      data: { assigneeId: null, queuedAt },
      event: { conversationId: row.id, action: 'released', teamId: row.teamId, agentId: userId, reason, createdAt: new Date(d.now()) },
    });
    if (!released) continue;
    await loadConversation(d.db, d.index, row.id);
    if (row.teamId) teams.push(row.teamId);
    d.bus.emit('conversation.updated', { conversationId: row.id, change: 'assignment' });
  }
  return teams;
}
