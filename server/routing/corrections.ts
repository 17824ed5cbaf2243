// An agent corrects the classifier: the correction is kept for retraining (scripts/train-routing-db.ts),
// the conversation takes the new type, and moves to that type's team while nobody has it yet.
import { AppError } from '../errors.js';
import type { RequestType } from '../realtime/contract.js';
import { REQUEST_TYPES } from './classifier/types.js';
import { TEAM_FOR_TYPE } from './decide.js';
import type { RoutingDeps } from './deps.js';
import { loadConversation } from './load.js';

export interface CorrectionResult {
  conversationId: string;
  previousType: string | null;
  type: RequestType;
  teamId: string | null;
  /** True when the conversation moved to the new type's team. */
  moved: boolean;
}

export async function correctType(d: RoutingDeps, conversationId: string, userId: string, type: RequestType): Promise<CorrectionResult> {
  if (!(REQUEST_TYPES as readonly string[]).includes(type)) throw new AppError('VALIDATION_FAILED', `type: must be one of ${REQUEST_TYPES.join(', ')}`, 'type');
  const c = await d.db.conversation.findUnique({
    where: { id: conversationId },
    select: {
      id: true, type: true, teamId: true, assigneeId: true, queuedAt: true, subject: true,
      messages: { where: { direction: 'in', authorKind: 'customer' }, orderBy: { id: 'asc' }, take: 1, select: { body: true } },
    },
  });
  if (!c) throw new AppError('CONVERSATION_NOT_FOUND');
  const team = await d.db.team.findUnique({ where: { key: TEAM_FOR_TYPE[type] }, select: { id: true, name: true } });
  const now = new Date(d.now());
  // The text the classifier saw first is what it should learn from.
  const text = c.messages[0]?.body ?? c.subject ?? '';
  const moved = await d.db.$transaction(async (tx) => {
    await tx.routingCorrection.create({ data: { conversationId, text, predictedType: c.type, correctedType: type, userId, createdAt: now } });
    await tx.conversation.update({ where: { id: conversationId }, data: { type } });
    let move = false;
    if (team && team.id !== c.teamId) {
      // Conditional on still being unassigned: an agent who already took it keeps it.
      const r = await tx.conversation.updateMany({ where: { id: conversationId, assigneeId: null }, data: { teamId: team.id, queuedAt: c.queuedAt ?? now } });
      move = r.count === 1;
    }
    const reason = `type ${c.type ?? 'none'} -> ${type} by ${userId}${move ? `; moved to ${team!.name}` : ''}`;
    await tx.routingEvent.create({ data: { conversationId, action: 'corrected', teamId: move ? team!.id : c.teamId, agentId: userId, reason, createdAt: now } });
    return move;
  });
  await loadConversation(d.db, d.index, conversationId);
  d.bus.emit('conversation.updated', { conversationId, change: 'routing' });
  return { conversationId, previousType: c.type, type, teamId: moved ? team!.id : c.teamId, moved };
}
