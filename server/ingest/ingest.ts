// The one path every inbound message takes: customer -> conversation -> message, in one
// transaction, then events. A redelivered message (same external or client id) stores nothing.
import type { InboundMessage } from '../../channels/types.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { ConversationCache, type OpenConversation } from './conversation-cache.js';
import { customerIdOf, normalizeIdentity, resolveCustomerRetrying } from './customers.js';
import { claimUploads, saveAttachments } from './attachments.js';
import { planAttachments } from './attachment-limits.js';
import { MessageBatcher } from './message-batcher.js';
import { cleanInbound } from './clean.js';
import { truncate } from '../text.js';
import type { ChatMessageStore } from './message-store.js';
import { enqueueConversationCreated } from '../webhooks/enqueue.js';

/** Longest text stored for one inbound message from a non-chat channel. */
export const MAX_CHANNEL_TEXT = 200_000;

/** Thrown inside the full path's transaction to roll it back and read the conversation again. */
const STATUS_CHANGED = new Error('the conversation changed status during ingest');

export interface IngestResult {
  messageId: number;
  conversationId: string;
  customerId: string;
  /** False when this was a redelivery of a message already stored. */
  created: boolean;
  /** When it was stored (lets callers answer without reading the row back). */
  createdAt?: Date;
  isNewConversation: boolean;
}

export class Ingest {
  private cache = new ConversationCache();
  // Full-path stores in flight per sender key, for the messages that arrive behind them.
  private fullPaths = new Map<string, Promise<IngestResult>>();
  /** SMS/WhatsApp: a bare 1-5 soon after a survey is the rating, not a new message. */
  csatReply?: (msg: InboundMessage) => Promise<IngestResult | null>;
  private batcher: MessageBatcher;

  constructor(private db: Db, private bus: DomainBus, private maxChars: number, private dataDir: string, private messages: ChatMessageStore) {
    this.batcher = new MessageBatcher(messages, messages.concurrency);
    bus.on('conversation.updated', ({ conversationId, change }) => (change === 'status' ? this.cache.forgetConversation(conversationId) : undefined));
    // A merge or undo moves conversations between customers: the entries name the old one.
    bus.on('customer.identities_changed', ({ customerIds }) => this.cache.forgetCustomers(customerIds));
  }

  async receive(inbound: InboundMessage): Promise<IngestResult> {
    let msg = cleanInbound(inbound);
    if (this.csatReply && (msg.channel === 'sms' || msg.channel === 'whatsapp')) {
      const rated = await this.csatReply(msg);
      if (rated) return rated;
    }
    // Chat input is bounded at the widget; other channels deliver what the customer wrote
    // (a long email), so only an absurd size is cut, with a visible note, never refused.
    if (msg.channel === 'webchat' && msg.text.length > this.maxChars) throw new AppError('MESSAGE_TOO_LONG', `Messages are limited to ${this.maxChars} characters`, 'body');
    if (msg.attachments?.length) {
      // Files past the limits are named on the message, never dropped in silence.
      const plan = planAttachments(msg.attachments);
      if (plan.note) msg = { ...msg, attachments: plan.keep, text: `${msg.text}\n\n${plan.note}` };
    }
    if (msg.text.length > MAX_CHANNEL_TEXT) msg = { ...msg, text: `${truncate(msg.text, MAX_CHANNEL_TEXT)}\n[... truncated: the original had ${msg.text.length} characters]` };
    const key = ConversationCache.key(msg.inboxId, msg.sender.kind, normalizeIdentity(msg.sender.kind, msg.sender.value));
    // Hot path: a chat message on a conversation we know is open (a client id, no provider ids, no attachments).
    const hot = msg.clientMessageId && !msg.externalId && !msg.threadKey && !msg.attachments?.length && !msg.uploads ? msg.clientMessageId : undefined;
    // No fresh entry: a stale one is confirmed with one read, shared by the burst.
    const open = hot ? (this.cache.get(key) ?? (await this.cache.confirm(key, this.openCheck))) : undefined;
    if (open && hot) {
      this.cache.recheckIfDue(key, this.openCheck);
      // Null: closed behind the cache (the store's write is conditional), so the full path decides.
      const stored = await this.receiveOnOpen(msg, hot, open);
      if (stored) return stored;
    }
    // The sender's first message may be on the full path already: the rest of the burst waits for
    // it. Checked with nothing awaited until the full path is registered below, so messages that
    // all found no entry start one full path between them, not one each.
    const ahead = hot ? this.fullPaths.get(key) : undefined;
    const after = ahead && (await ahead.catch(() => undefined), this.cache.get(key));
    const stored = after && hot ? await this.receiveOnOpen(msg, hot, after) : null;
    if (stored) return stored;
    const full = this.receiveFull(msg).then((result) => {
      this.cache.set(key, { customerId: result.customerId, conversationId: result.conversationId });
      return result;
    });
    if (!hot) return full;
    this.fullPaths.set(key, full);
    try {
      return await full;
    } finally {
      if (this.fullPaths.get(key) === full) this.fullPaths.delete(key);
    }
  }

  private openCheck = async (conversationId: string): Promise<string | null> => {
    const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { status: true, customerId: true } });
    return c?.status === 'open' ? c.customerId : null;
  };

  private async receiveOnOpen(msg: InboundMessage, clientMessageId: string, { conversationId, customerId }: OpenConversation): Promise<IngestResult | null> {
    const stored = await this.batcher.write({ conversationId, inboxId: msg.inboxId, body: msg.text, clientMessageId });
    if (!stored) {
      this.cache.forgetConversation(conversationId);
      return null;
    }
    if (stored.created) {
      this.bus.emit('message.created', {
        messageId: stored.id, conversationId, isNewConversation: false, startsReplyClock: stored.startsReplyClock, senderSocketId: msg.senderSocketId,
        message: { id: stored.id, conversationId, body: msg.text, authorKind: 'customer', authorId: null, author: null, direction: 'in', private: false, clientMessageId, deliveryStatus: 'delivered', deliveryError: null, createdAt: stored.createdAt },
      });
    }
    return { messageId: stored.id, conversationId, customerId, created: stored.created, createdAt: stored.createdAt, isNewConversation: false };
  }

  private async receiveFull(msg: InboundMessage): Promise<IngestResult> {
    const first = await this.receiveFirst(msg);
    if (first) return first;
    const existing = await this.findDuplicate(msg);
    if (existing) return existing;
    let result: IngestResult;
    try {
      result = await this.storeRetrying(msg);
    } catch (err) {
      // Two deliveries raced: the other one stored it first, so this one is a duplicate.
      const dup = isUniqueViolation(err) ? await this.findDuplicate(msg) : null;
      if (!dup) throw err;
      return dup;
    }
    if (result.isNewConversation) this.bus.emit('conversation.created', { conversationId: result.conversationId, webhooksQueued: true });
    this.bus.emit('message.created', { messageId: result.messageId, conversationId: result.conversationId, isNewConversation: result.isNewConversation, senderSocketId: msg.senderSocketId });
    return result;
  }

  /** A new web visitor's first message in one plain-SQL transaction where the store has one; null: take the full path. */
  private async receiveFirst(msg: InboundMessage): Promise<IngestResult | null> {
    const plain = msg.channel === 'webchat' && msg.sender.kind === 'visitor' && msg.clientMessageId && !msg.externalId && !msg.threadKey && !msg.subject && !msg.routingHint && !msg.attachments?.length && !msg.uploads?.ids.length;
    if (!plain || !this.messages.storeFirst) return null;
    const stored = await this.messages.storeFirst({ inboxId: msg.inboxId, visitorId: normalizeIdentity(msg.sender.kind, msg.sender.value), body: msg.text, clientMessageId: msg.clientMessageId!, context: msg.sender.context }, new Date());
    if (!stored) return null;
    const { conversationId, messageId, createdAt } = stored;
    // No endpoint subscribes to conversation.created (checked in the transaction): nothing to queue.
    this.bus.emit('conversation.created', { conversationId, webhooksQueued: true });
    this.bus.emit('message.created', {
      messageId, conversationId, isNewConversation: true, startsReplyClock: false, senderSocketId: msg.senderSocketId,
      message: { id: messageId, conversationId, body: msg.text, authorKind: 'customer', authorId: null, author: null, direction: 'in', private: false, clientMessageId: msg.clientMessageId!, deliveryStatus: 'delivered', deliveryError: null, createdAt },
    });
    return { messageId, conversationId, customerId: stored.customerId, created: true, createdAt, isNewConversation: true };
  }

  /** The conversation's status changed between our read and our write (a resolve committed): read again. */
  private async storeRetrying(msg: InboundMessage): Promise<IngestResult> {
    // Outside the transaction, so a concurrent creator's win is read, not an error.
    const customerId = await resolveCustomerRetrying(this.db, msg.sender);
    const files = msg.attachments?.length ? await saveAttachments(this.dataDir, msg.attachments) : [];
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store(msg, customerId, files);
      } catch (err) {
        if (err !== STATUS_CHANGED || attempt === 3) throw err;
      }
    }
  }

  private store(msg: InboundMessage, customerId: string, files: Awaited<ReturnType<typeof saveAttachments>>): Promise<IngestResult> {
    return this.db.$transaction(async (tx) => {
      const now = new Date();
      // Lock the customer row first: two first messages at once must find one conversation.
      await tx.customer.update({ where: { id: customerId }, data: { updatedAt: now }, select: { id: true } });
      let conversation = msg.threadKey
        ? await tx.conversation.findUnique({ where: { inboxId_externalThreadId: { inboxId: msg.inboxId, externalThreadId: msg.threadKey } }, select: { id: true, status: true } })
        : await tx.conversation.findFirst({ where: { inboxId: msg.inboxId, customerId, status: { not: 'resolved' } }, orderBy: { createdAt: 'desc' }, select: { id: true, status: true } });
      const isNewConversation = !conversation;
      if (!conversation) {
        conversation = await tx.conversation.create({
          data: {
            inboxId: msg.inboxId, customerId, channel: msg.channel, externalThreadId: msg.threadKey ?? null, subject: msg.subject ?? null, lastMessageAt: now, lastCustomerMessageAt: now,
            ...(msg.routingHint ? { routingHint: { team: msg.routingHint.team, reason: msg.routingHint.reason } } : {}),
          },
          select: { id: true, status: true },
        });
        await enqueueConversationCreated(tx, conversation.id);
      }
      const message = await tx.message.create({
        data: {
          conversationId: conversation.id, inboxId: msg.inboxId, direction: 'in', authorKind: 'customer', body: msg.text,
          externalId: msg.externalId ?? null, clientMessageId: msg.clientMessageId ?? null, deliveryStatus: 'delivered', createdAt: now,
          ...(files.length ? { attachments: { create: files } } : {}),
        },
        select: { id: true },
      });
      if (msg.uploads) await claimUploads(tx, msg.uploads, message.id);
      if (!isNewConversation) {
        // Last, so the row's lock (which chat messages on it wait for) is held the shortest time.
        // On a threaded channel (email, Slack) a reply reopens its resolved or snoozed thread;
        // web chat has no thread key, so after resolution it starts a new conversation above.
        // Conditional on the status read above: on PostgreSQL a resolve may commit while we wait for the row.
        const written = await tx.conversation.updateMany({
          where: { id: conversation.id, status: conversation.status },
          data: { lastMessageAt: now, lastCustomerMessageAt: now, ...(conversation.status !== 'open' ? { status: 'open', resolvedAt: null } : {}) },
        });
        if (written.count !== 1) throw STATUS_CHANGED;
      }
      return { messageId: message.id, conversationId: conversation.id, customerId, created: true, isNewConversation };
    });
  }

  private async findDuplicate(msg: InboundMessage): Promise<IngestResult | null> {
    let found: { id: number; conversationId: string; conversation: { customerId: string } } | null = null;
    const select = { id: true, conversationId: true, conversation: { select: { customerId: true } } } as const;
    if (msg.externalId) {
      found = await this.db.message.findUnique({ where: { inboxId_externalId: { inboxId: msg.inboxId, externalId: msg.externalId } }, select });
    } else if (msg.clientMessageId) {
      // Client ids are unique per conversation: look them up by the sender's conversations in this inbox
      // (a few rows through the customer's index), never by inbox, which would read its whole history.
      const customerId = await customerIdOf(this.db, msg.sender.kind, msg.sender.value);
      if (!customerId) return null;
      const conversations = await this.db.conversation.findMany({ where: { customerId, inboxId: msg.inboxId }, select: { id: true } });
      if (!conversations.length) return null;
      found = await this.db.message.findFirst({ where: { conversationId: { in: conversations.map((c) => c.id) }, clientMessageId: msg.clientMessageId }, select });
    }
    return found ? { messageId: found.id, conversationId: found.conversationId, customerId: found.conversation.customerId, created: false, isNewConversation: false } : null;
  }
}
