// Stores a system message to the customer through the normal outbound path: the row, an outbox
// delivery job in the same transaction (email, SMS... adapters send it), then message.created so
// the realtime listener shows it in the widget and the console.
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { enqueueDelivery } from '../outbox/deliver.js';

export async function postSystemMessage(db: Db, bus: DomainBus, conversationId: string, body: string): Promise<number> {
  const conversation = await db.conversation.findUnique({ where: { id: conversationId }, select: { inboxId: true } });
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND');
  const messageId = await db.$transaction(async (tx) => {
    const m = await tx.message.create({
      data: { conversationId, inboxId: conversation.inboxId, direction: 'out', authorKind: 'system', body, deliveryStatus: 'queued' },
      select: { id: true },
    });
    await enqueueDelivery(tx, m.id, conversation.inboxId);
    return m.id;
  });
  bus.emit('message.created', { messageId, conversationId, isNewConversation: false });
  return messageId;
}
