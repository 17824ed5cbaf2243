// Turns domain events into webhook deliveries: one durable outbox job per event and endpoint
// (dedupeKey event+endpoint, so a repeated event or a second listener enqueues nothing new).
// Conversation, customer and lead changes enqueue their jobs in their own transaction (enqueue.ts)
// and say so with `webhooksQueued`; for those this listener only wakes the outbox.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/client.js';
import { enqueue, PermanentJobError } from '../outbox/outbox.js';
import '../customers/events.js';
import { deliverWebhook } from './deliver.js';
import { getEndpoint, listEndpoints, type WebhookEvent } from './endpoints.js';
import { conversationEventKey, conversationPayload, customerPayload, dedupeKeyOf, leadPayload, WEBHOOK_JOB, webhookLane, type WebhookJob } from './enqueue.js';

export { WEBHOOK_JOB, type WebhookJob } from './enqueue.js';
const listening = new WeakSet<object>();

export function listenForWebhooks(ctx: Pick<AppContext, 'db' | 'bus' | 'outbox' | 'log'>, opts: { fetch?: typeof fetch } = {}): void {
  if (listening.has(ctx.bus)) return;
  listening.add(ctx.bus);
  const { db, bus, outbox } = ctx;

  outbox.handle(WEBHOOK_JOB, async (payload) => {
    const job = payload as unknown as WebhookJob;
    const endpoint = await getEndpoint(db, job.endpointId);
    // Deleted or disabled since: nothing to deliver, and nothing to retry.
    if (!endpoint || !endpoint.enabled) return;
    if (!endpoint.secret) throw new PermanentJobError('endpoint has no secret');
    const body = JSON.stringify({ id: job.eventId, type: job.event, createdAt: job.occurredAt, data: job.data });
    await deliverWebhook({ url: endpoint.url, secret: endpoint.secret, body, eventId: job.eventId, event: job.event }, opts.fetch);
  });

  async function fire(event: WebhookEvent, eventKey: string, data: Record<string, unknown>): Promise<void> {
    const endpoints = (await listEndpoints(db)).filter((e) => e.enabled && e.events.includes(event));
    if (!endpoints.length) return;
    const occurredAt = new Date().toISOString();
    for (const e of endpoints) {
      const job: WebhookJob = { endpointId: e.id, eventId: eventKey, event, occurredAt, data };
      try {
        await enqueue(db, WEBHOOK_JOB, job as unknown as Record<string, unknown>, { dedupeKey: dedupeKeyOf(e.id, eventKey), lane: webhookLane(e.id) });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    outbox.kick();
  }

  bus.on('conversation.created', async ({ conversationId, webhooksQueued }) => {
    if (webhooksQueued) return outbox.kick();
    const data = await conversationPayload(db, conversationId);
    if (data) await fire('conversation.created', conversationEventKey.created(conversationId), data);
  });
  bus.on('conversation.updated', async ({ conversationId, change, webhooksQueued }) => {
    if (change !== 'status') return;
    if (webhooksQueued) return outbox.kick();
    const data = await conversationPayload(db, conversationId);
    const resolvedAt = data?.conversation.resolvedAt;
    if (data && data.conversation.status === 'resolved' && resolvedAt) await fire('conversation.resolved', conversationEventKey.resolved(conversationId, resolvedAt), data);
  });
  bus.on('customer.updated', async ({ customerId, change, version, webhooksQueued }) => {
    if (webhooksQueued) {
      outbox.kick();
      return;
    }
    const data = await customerPayload(db, customerId);
    if (data) await fire('customer.updated', `customer.updated:${customerId}:${change}:${version || randomUUID()}`, { ...data, change });
  });
  bus.on('lead.created', async ({ leadId, webhooksQueued }) => {
    if (webhooksQueued) {
      outbox.kick();
      return;
    }
    const data = await leadPayload(db, leadId);
    if (data) await fire('lead.created', `lead.created:${leadId}`, data);
  });
}
