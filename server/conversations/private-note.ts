// A private system line in a conversation's timeline: staff see it, the customer never does.
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';

/** Returns the note's id, or null when the conversation is gone. */
export async function addPrivateNote(db: Db, bus: DomainBus, conversationId: string, body: string): Promise<number | null> {
  const conversation = await db.conversation.findUnique({ where: { id: conversationId }, select: { inboxId: true } });
  if (!conversation) return null;
  const m = await db.message.create({ data: { conversationId, inboxId: conversation.inboxId, direction: 'out', authorKind: 'system', body, private: true, deliveryStatus: 'stored' }, select: { id: true } });
  bus.emit('message.created', { messageId: m.id, conversationId, isNewConversation: false });
  return m.id;
}
