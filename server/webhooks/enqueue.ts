// Webhook outbox rows written inside the caller's transaction: the change and its deliveries commit
// together, so a crash after the commit cannot lose a webhook (the worker delivers them later).
import type { Db, Prisma } from '../db/client.js';
import { enqueue } from '../outbox/outbox.js';
import { listEndpoints, type WebhookEvent } from './endpoints.js';

type Tx = Prisma.TransactionClient | Db;

export const WEBHOOK_JOB = 'webhook.deliver';

export interface WebhookJob {
  endpointId: string;
  eventId: string;
  event: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const dedupeKeyOf = (endpointId: string, eventKey: string) => `webhook:${endpointId}:${eventKey}`;
/** Each endpoint is its own outbox lane: a slow or dead receiver delays only its own deliveries. */
export const webhookLane = (endpointId: string) => `webhook:${endpointId}`;

/**
 * One job per subscribed endpoint. `eventKey` must be new for each change (an audit or row id):
 * a duplicate key would abort a PostgreSQL transaction, so callers never rely on dedupe here.
 */
export async function enqueueWebhook(tx: Tx, event: WebhookEvent, eventKey: string, data: Record<string, unknown> | (() => Promise<Record<string, unknown> | null>)): Promise<number> {
  const endpoints = (await listEndpoints(tx)).filter((e) => e.enabled && e.events.includes(event));
  if (!endpoints.length) return 0;
  // A lazy payload is read only when someone subscribes: nothing more than the endpoint list otherwise.
  const body = typeof data === 'function' ? await data() : data;
  if (!body) return 0;
  const occurredAt = new Date().toISOString();
  for (const e of endpoints) {
    const job: WebhookJob = { endpointId: e.id, eventId: eventKey, event, occurredAt, data: body };
    await enqueue(tx, WEBHOOK_JOB, job as unknown as Record<string, unknown>, { dedupeKey: dedupeKeyOf(e.id, eventKey), lane: webhookLane(e.id) });
  }
  return endpoints.length;
}

export type CustomerChange = 'profile' | 'merge' | 'unmerge' | 'purchase' | 'identity';

export async function conversationPayload(tx: Tx, conversationId: string) {
  const conversation = await tx.conversation.findUnique({
    where: { id: conversationId },
    select: { id: true, inboxId: true, customerId: true, channel: true, status: true, type: true, priority: true, subject: true, teamId: true, assigneeId: true, createdAt: true, resolvedAt: true },
  });
  return conversation ? { conversation } : null;
}

/** Event keys shared with the listener's fallback, so both name one change the same way. */
export const conversationEventKey = {
  created: (conversationId: string) => `conversation.created:${conversationId}`,
  // Each resolution is its own event: a reopened and re-resolved conversation fires again.
  resolved: (conversationId: string, resolvedAt: Date) => `conversation.resolved:${conversationId}:${resolvedAt.getTime()}`,
};

/** In the transaction that creates the conversation. */
export async function enqueueConversationCreated(tx: Tx, conversationId: string): Promise<void> {
  await enqueueWebhook(tx, 'conversation.created', conversationEventKey.created(conversationId), () => conversationPayload(tx, conversationId));
}

/** In the transaction that resolves it; `resolvedAt` is the value that transaction wrote. */
export async function enqueueConversationResolved(tx: Tx, conversationId: string, resolvedAt: Date): Promise<void> {
  await enqueueWebhook(tx, 'conversation.resolved', conversationEventKey.resolved(conversationId, resolvedAt), () => conversationPayload(tx, conversationId));
}

export async function customerPayload(tx: Tx, customerId: string) {
  const customer = await tx.customer.findUnique({
    where: { id: customerId },
    select: { id: true, name: true, email: true, phone: true, company: true, tags: true, attributes: true, mergedIntoId: true, updatedAt: true },
  });
  return customer ? { customer } : null;
}

export async function leadPayload(tx: Tx, leadId: string) {
  const lead = await tx.lead.findUnique({ where: { id: leadId }, select: { id: true, customerId: true, conversationId: true, ownerId: true, valueCents: true, stage: true, createdAt: true } });
  return lead ? { lead } : null;
}

/** customer.updated for one change, keyed by a version that is unique to that change. */
export async function enqueueCustomerUpdated(tx: Tx, customerId: string, change: CustomerChange, version: string): Promise<void> {
  const payload = await customerPayload(tx, customerId);
  if (payload) await enqueueWebhook(tx, 'customer.updated', `customer.updated:${customerId}:${change}:${version}`, { ...payload, change });
}

export async function enqueueLeadCreated(tx: Tx, leadId: string): Promise<void> {
  const payload = await leadPayload(tx, leadId);
  if (payload) await enqueueWebhook(tx, 'lead.created', `lead.created:${leadId}`, payload);
}
