// The one path every inbound message takes: customer -> conversation -> message, in one
// transaction, then events. A redelivered message (same external or client id) stores nothing.
import type { InboundMessage } from '../../channels/types.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { resolveCustomer } from './customers.js';

export interface IngestResult {
  messageId: number;
  conversationId: string;
  customerId: string;
  /** False when this was a redelivery of a message already stored. */
  created: boolean;
  isNewConversation: boolean;
}

export class Ingest {
  constructor(private db: Db, private bus: DomainBus, private maxChars: number) {}

  async receive(msg: InboundMessage): Promise<IngestResult> {
    if (msg.text.length > this.maxChars) throw new AppError('MESSAGE_TOO_LONG', `Messages are limited to ${this.maxChars} characters`, 'body');
    const existing = await this.findDuplicate(msg);
    if (existing) return existing;
    let result: IngestResult;
    try {
      result = await this.store(msg);
    } catch (err) {
      // Two deliveries raced: the other one stored it first, so this one is a duplicate.
      const dup = isUniqueViolation(err) ? await this.findDuplicate(msg) : null;
      if (!dup) throw err;
      return dup;
    }
    if (result.isNewConversation) this.bus.emit('conversation.created', { conversationId: result.conversationId });
    this.bus.emit('message.created', { messageId: result.messageId, conversationId: result.conversationId, isNewConversation: result.isNewConversation });
    return result;
  }

  private async store(msg: InboundMessage): Promise<IngestResult> {
    return this.db.$transaction(async (tx) => {
      const customerId = await resolveCustomer(tx, msg.sender);
      const now = new Date();
      let conversation = msg.threadKey
        ? await tx.conversation.findUnique({ where: { inboxId_externalThreadId: { inboxId: msg.inboxId, externalThreadId: msg.threadKey } }, select: { id: true, status: true } })
        : await tx.conversation.findFirst({ where: { inboxId: msg.inboxId, customerId, status: { not: 'resolved' } }, orderBy: { createdAt: 'desc' }, select: { id: true, status: true } });
      let isNewConversation = false;
      if (!conversation) {
        conversation = await tx.conversation.create({
          data: { inboxId: msg.inboxId, customerId, channel: msg.channel, externalThreadId: msg.threadKey ?? null, subject: msg.subject ?? null, lastMessageAt: now, lastCustomerMessageAt: now },
          select: { id: true, status: true },
        });
        isNewConversation = true;
      } else {
        // A customer writing again reopens a resolved or snoozed thread.
        await tx.conversation.update({
          where: { id: conversation.id },
          data: { lastMessageAt: now, lastCustomerMessageAt: now, ...(conversation.status !== 'open' ? { status: 'open', resolvedAt: null } : {}) },
        });
      }
      const message = await tx.message.create({
        data: {
          conversationId: conversation.id, inboxId: msg.inboxId, direction: 'in', authorKind: 'customer', body: msg.text,
          externalId: msg.externalId ?? null, clientMessageId: msg.clientMessageId ?? null, deliveryStatus: 'delivered', createdAt: now,
        },
        select: { id: true },
      });
      return { messageId: message.id, conversationId: conversation.id, customerId, created: true, isNewConversation };
    });
  }

  private async findDuplicate(msg: InboundMessage): Promise<IngestResult | null> {
    let found: { id: number; conversationId: string; conversation: { customerId: string } } | null = null;
    const select = { id: true, conversationId: true, conversation: { select: { customerId: true } } } as const;
    if (msg.externalId) {
      found = await this.db.message.findUnique({ where: { inboxId_externalId: { inboxId: msg.inboxId, externalId: msg.externalId } }, select });
    } else if (msg.clientMessageId) {
      // Client ids are unique per conversation; a visitor's retry targets their open conversation.
      found = await this.db.message.findFirst({
        where: { inboxId: msg.inboxId, clientMessageId: msg.clientMessageId, conversation: { customer: { identities: { some: { kind: msg.sender.kind, value: msg.sender.value } } } } },
        select,
      });
    }
    return found ? { messageId: found.id, conversationId: found.conversationId, customerId: found.conversation.customerId, created: false, isNewConversation: false } : null;
  }
}
