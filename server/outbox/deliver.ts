// Delivers stored agent replies through the conversation's channel adapter. Shared guards live
// here, once for every channel: private notes and customer messages are never sent.
import type { AdapterRegistry } from '../../channels/registry.js';
import type { IdentityKind } from '../../channels/types.js';
import { PermanentDeliveryError } from '../../channels/types.js';
import type { Db, Prisma } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import type { Channel } from '../realtime/contract.js';
import { enqueue, PermanentJobError, type OutboxWorker } from './outbox.js';
import { truncate } from '../text.js';
import { planFiles, recordFilesFailed, recordFilesSent, type FileDeps } from './deliver-files.js';

export const DELIVER_MESSAGE = 'message.deliver';

/** An outbound message's delivery job, in the caller's transaction; one lane per inbox (its provider account or mail server). */
export function enqueueDelivery(tx: Prisma.TransactionClient | Db, messageId: number, inboxId: string, runAfter?: Date) {
  return enqueue(tx, DELIVER_MESSAGE, { messageId }, { dedupeKey: `deliver:${messageId}`, lane: `deliver:${inboxId}`, runAfter });
}

const RECIPIENT_KIND: Record<Channel, IdentityKind> = {
  webchat: 'visitor', email: 'email', sms: 'phone', whatsapp: 'phone', voice: 'phone', slack: 'slack',
};

export function registerDelivery(worker: OutboxWorker, db: Db, bus: DomainBus, adapters: AdapterRegistry, fileDeps?: FileDeps): void {
  worker.handle(DELIVER_MESSAGE, async (payload) => {
    const messageId = Number(payload.messageId);
    const message = await db.message.findUnique({
      where: { id: messageId },
      include: { author: { select: { name: true } }, attachments: { select: { id: true, filename: true, contentType: true, size: true, storageKey: true }, orderBy: { createdAt: 'asc' } }, conversation: { include: { inbox: true, customer: { include: { identities: true } } } } },
    });
    if (!message) throw new PermanentJobError(`message ${messageId} no longer exists`);
    if (message.private || message.direction !== 'out') return;
    if (message.deliveryStatus === 'sent' || message.deliveryStatus === 'delivered') return;
    const { conversation } = message;
    const channel = conversation.channel as Channel;
    const adapter = adapters[channel];
    if (!adapter) throw new PermanentJobError(`channel ${channel} is not enabled on this server`);
    const kind = RECIPIENT_KIND[channel];
    const identity = conversation.customer.identities.find((i) => i.kind === kind);
    try {
      if (message.attachments.length && !fileDeps) throw new PermanentDeliveryError('files are not enabled on this server');
      const files = message.attachments.length && fileDeps ? planFiles(fileDeps, adapter.capabilities, message.attachments) : null;
      const body = files?.linkText ? [message.body, files.linkText].filter(Boolean).join('\n\n') : message.body;
      const result = await adapter.send({
        messageId, conversationId: conversation.id,
        inbox: { id: conversation.inbox.id, settings: conversation.inbox.settings as Record<string, unknown> },
        recipient: identity ? { kind, value: identity.value } : null,
        body, authorName: message.author?.name ?? null,
        threadKey: conversation.externalThreadId, subject: conversation.subject, automatic: message.authorKind === 'system',
        ...(files?.carried.length ? { attachments: files.carried } : {}),
      });
      if (files) await recordFilesSent(db, messageId, files.linked);
      // A fast provider callback may already have said delivered, read or failed: never undo it.
      const externalId = result.externalId ? { externalId: result.externalId } : {};
      const promoted = await db.message.updateMany({ where: { id: messageId, deliveryStatus: { notIn: ['delivered', 'read', 'failed'] } }, data: { deliveryStatus: result.status, deliveryError: null, ...externalId } });
      if (promoted.count === 0 && result.externalId) await db.message.update({ where: { id: messageId }, data: externalId });
    } catch (err) {
      if (err instanceof PermanentDeliveryError) throw new PermanentJobError(err.message);
      throw err;
    }
    bus.emit('message.updated', { messageId, conversationId: conversation.id });
  });

  worker.onDead = async (kind, payload, reason) => {
    if (kind !== DELIVER_MESSAGE) return;
    const messageId = Number(payload.messageId);
    const updated = await db.message.updateMany({ where: { id: messageId }, data: { deliveryStatus: 'failed', deliveryError: truncate(reason, 500) } });
    await recordFilesFailed(db, messageId, reason);
    if (updated.count) {
      const m = await db.message.findUnique({ where: { id: messageId }, select: { conversationId: true } });
      if (m) bus.emit('message.updated', { messageId, conversationId: m.conversationId });
    }
  };
}
