// Routes a new conversation: classify its first message, pick the team, start SLA clocks, queue
// it, and tell the customer when the team is closed.
import { closedNotice } from './closed-notice.js';
import { decide, readRoutingHint, withRequestedTeam } from './decide.js';
import type { RoutingDeps } from './deps.js';
import { isOpen, nextOpening, readHours } from './hours.js';
import { loadConversation } from './load.js';
import { initialDue } from './sla.js';
import { postSystemMessage } from './system-message.js';
import { writeRouted } from './routed-write.js';
import { customerValue } from '../customers/value.js';

/** Returns the team the conversation was queued for, or null (already routed, gone, or no team). */
export async function routeNew(d: RoutingDeps, conversationId: string, threshold: number): Promise<string | null> {
  const { db } = d;
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    include: { messages: { where: { direction: 'in' }, orderBy: { id: 'asc' }, take: 1, select: { body: true } } },
  });
  if (!conversation || conversation.teamId) return null;
  const text = [conversation.subject, conversation.messages[0]?.body].filter(Boolean).join('\n');
  const classified = decide(text, threshold);
  // The customer said which team (a phone menu): honoured when that team exists, else the classifier decides.
  const hint = readRoutingHint(conversation.routingHint);
  const hinted = hint && (await db.team.findUnique({ where: { key: hint.team }, select: { id: true } })) ? hint : null;
  const dec = hinted ? withRequestedTeam(classified, hinted.team) : classified;
  const value = await customerValue(db, conversation.customerId);
  // VIP customers (lifetime value over the threshold) are served one priority level sooner.
  const priority = value.vip ? Math.min(3, dec.priority + 1) : dec.priority;
  const [team, sla] = await Promise.all([db.team.findUnique({ where: { key: dec.team } }), db.slaPolicy.findUnique({ where: { priority } })]);
  const now = d.now();
  const why = hinted ? ` (chosen by the customer: ${hinted.reason})` : hint ? ` (the requested team ${hint.team} does not exist)` : dec.team === 'triage' ? ` (below the triage threshold ${threshold})` : '';
  const reason = `${dec.type} (confidence ${dec.confidence}, priority ${priority}${value.vip ? ', VIP' : ''}, ${dec.language}) -> ${dec.team}${why}`;
  const routed = await writeRouted(db, {
    // Conditional: routing the same conversation twice (a replayed event) changes nothing.
    where: { id: conversationId, teamId: null },
    data: {
      type: dec.type, typeConfidence: dec.confidence, priority, language: dec.language, teamId: team?.id ?? null,
      queuedAt: conversation.assigneeId ? conversation.queuedAt : new Date(now),
      ...initialDue(sla, conversation.createdAt.getTime()),
    },
    event: { conversationId, action: 'classified', teamId: team?.id ?? null, reason, createdAt: new Date(now) },
  });
  if (!routed) return null;
  await loadConversation(db, d.index, conversationId);
  d.bus.emit('conversation.updated', { conversationId, change: 'routing' });
  if (!team) return null;

  const hours = readHours(team.businessHours);
  if (hours && !isOpen(hours, now)) {
    // Still queued: an agent online out of hours may answer; the notice sets expectations.
    const opening = nextOpening(hours, now);
    const body = closedNotice(team.name, hours.tz, opening, dec.language);
    await db.routingEvent.create({ data: { conversationId, action: 'queued', teamId: team.id, reason: `outside ${team.name}'s business hours; customer told: ${body}`, createdAt: new Date(now) } });
    await postSystemMessage(db, d.bus, conversationId, body);
  }
  return team.id;
}

/** Open conversations never routed (e.g. the node stopped between ingest and routing). */
export async function findUnrouted(d: RoutingDeps, olderThanMs = 30_000): Promise<string[]> {
  const rows = await d.db.conversation.findMany({
    where: { teamId: null, status: 'open', createdAt: { lt: new Date(d.now() - olderThanMs) }, routing: { none: {} } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: 50,
  });
  return rows.map((r) => r.id);
}
