// An agent writes first: email or SMS/WhatsApp to a known customer or a new address. The message is
// stored and delivered through the outbox like any reply; an opted-out number is refused before
// anything is stored, and outside the team's hours delivery waits until the team opens.
import type { AdapterRegistry } from '../../channels/registry.js';
import type { IdentityKind } from '../../channels/types.js';
import type { AuthUser } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { normalizeIdentity, resolveCustomerRetrying } from '../ingest/customers.js';
import { enqueueDelivery } from '../outbox/deliver.js';
import type { Channel, ReplyLimit, StaffMessage } from '../realtime/contract.js';
import { nextOpeningAt, readHours } from '../routing/hours.js';
import type { ConversationService } from './service.js';
import { STARTABLE } from './startable.js';


export interface StartInput { inboxId: string; customerId?: string; to?: string; body: string; subject?: string; teamId?: string }
export interface Started { conversationId: string; created: boolean; message: StaffMessage; scheduledFor: string | null }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export class ConversationStarter {
  constructor(private db: Db, private bus: DomainBus, private adapters: AdapterRegistry, private conversations: ConversationService,
    private replyLimit: (channel: string) => ReplyLimit, private onEnqueued: () => void) {}

  async start(agent: AuthUser, input: StartInput): Promise<Started> {
    const inbox = await this.db.inbox.findUnique({ where: { id: input.inboxId }, select: { id: true, channel: true, language: true, name: true } });
    if (!inbox) throw new AppError('INBOX_NOT_FOUND', undefined, 'inboxId');
    const channel = inbox.channel as Channel;
    const kind = STARTABLE[channel];
    if (!kind) throw new AppError('VALIDATION_FAILED', `inboxId: conversations can be started on email, SMS and WhatsApp inboxes, not ${channel}`, 'inboxId');
    const max = this.replyLimit(channel).maxChars;
    if (input.body.length > max) throw new AppError('MESSAGE_TOO_LONG', `Messages on ${channel} are limited to ${max} characters (this one has ${input.body.length})`, 'body');
    if (channel === 'email' && !input.subject) throw new AppError('VALIDATION_FAILED', 'subject: an email needs a subject', 'subject');
    const address = await this.recipient(kind, input);
    const refusal = await this.adapters[channel]?.refusesRecipient?.({ kind, value: address });
    if (refusal) throw new AppError(/opted out/.test(refusal) ? 'RECIPIENT_OPTED_OUT' : 'VALIDATION_FAILED', refusal, input.to ? 'to' : 'customerId');
    const teamId = await this.teamFor(agent, input.teamId);
    const customerId = input.customerId ?? (await resolveCustomerRetrying(this.db, { kind, value: address, verified: false }));

    // The customer already talks to us on this inbox: the message joins that thread (their next reply would anyway).
    const open = await this.db.conversation.findFirst({ where: { customerId, inboxId: inbox.id, status: { not: 'resolved' } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
    if (open) {
      const message = await this.conversations.reply(open.id, agent.id, { body: input.body, private: false });
      return { conversationId: open.id, created: false, message, scheduledFor: null };
    }

    const team = teamId ? await this.db.team.findUnique({ where: { id: teamId }, select: { businessHours: true, name: true } }) : null;
    const now = new Date();
    const opensAt = nextOpeningAt(readHours(team?.businessHours), now.getTime());
    const runAfter = opensAt ? new Date(opensAt) : undefined;
    const { conversationId, messageId } = await this.db.$transaction(async (tx) => {
      const conversation = await tx.conversation.create({
        data: {
          inboxId: inbox.id, customerId, channel, status: 'open', subject: channel === 'email' ? (input.subject ?? null) : null,
          teamId, assigneeId: agent.id, language: inbox.language, lastMessageAt: now, firstResponseAt: now, createdAt: now,
        },
        select: { id: true },
      });
      const message = await tx.message.create({
        data: { conversationId: conversation.id, inboxId: inbox.id, direction: 'out', authorKind: 'agent', authorId: agent.id, body: input.body, deliveryStatus: 'queued', createdAt: now },
        select: { id: true },
      });
      await enqueueDelivery(tx, message.id, inbox.id, runAfter);
      const held = runAfter ? `; held until ${team!.name} opens at ${runAfter.toISOString()}` : '';
      await tx.routingEvent.create({ data: { conversationId: conversation.id, action: 'started', teamId, agentId: agent.id, reason: `started by ${agent.name} on ${inbox.name} (${channel})${held}`, createdAt: now } });
      return { conversationId: conversation.id, messageId: message.id };
    });
    this.onEnqueued();
    this.bus.emit('conversation.created', { conversationId });
    this.bus.emit('message.created', { messageId, conversationId, isNewConversation: true });
    const message = await this.conversations.staffMessage(messageId);
    return { conversationId, created: true, message: message!, scheduledFor: runAfter?.toISOString() ?? null };
  }

  /** The address to write to: `to` (validated for the channel) or the customer's own identity of that kind. */
  private async recipient(kind: IdentityKind, input: StartInput): Promise<string> {
    if (input.to !== undefined) {
      const value = normalizeIdentity(kind, input.to);
      if (kind === 'email' && !EMAIL.test(value)) throw new AppError('VALIDATION_FAILED', 'to: must be an email address', 'to');
      if (kind === 'phone' && !E164.test(value)) throw new AppError('VALIDATION_FAILED', 'to: must be a phone number in international form, e.g. +14155550100', 'to');
      return value;
    }
    const customer = await this.db.customer.findFirst({ where: { id: input.customerId!, mergedIntoId: null }, select: { identities: { where: { kind }, orderBy: { createdAt: 'asc' }, take: 1, select: { value: true } } } });
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', undefined, 'customerId');
    const value = customer.identities[0]?.value;
    if (!value) throw new AppError('VALIDATION_FAILED', `customerId: this customer has no ${kind === 'email' ? 'email address' : 'phone number'}; give "to"`, 'customerId');
    return value;
  }

  /** The team the conversation belongs to: the one asked for, else the agent's first team (so routing leaves it with them). */
  private async teamFor(agent: AuthUser, teamId: string | undefined): Promise<string | null> {
    if (teamId) {
      if (!(await this.db.team.findUnique({ where: { id: teamId }, select: { id: true } }))) throw new AppError('TEAM_NOT_FOUND', undefined, 'teamId');
      return teamId;
    }
    const member = await this.db.teamMember.findFirst({ where: { userId: agent.id }, orderBy: { team: { createdAt: 'asc' } }, select: { teamId: true } });
    return member?.teamId ?? null;
  }
}
