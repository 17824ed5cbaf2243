// Leads: a pre-sales conversation handed to sales as an opportunity with a value and a stage.
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { enqueueLeadCreated } from '../webhooks/enqueue.js';
import './events.js';

export const LEAD_STAGES = ['new', 'qualified', 'proposal', 'won', 'lost'] as const;
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const leadCreate = z.object({ conversationId: id, valueCents: z.number().int().min(0).max(1e12).default(0), stage: z.enum(LEAD_STAGES).default('new'), ownerId: id.optional() }).strict();
export const leadPatch = z.object({ valueCents: z.number().int().min(0).max(1e12).optional(), stage: z.enum(LEAD_STAGES).optional(), ownerId: id.nullable().optional() })
  .strict().refine((v) => Object.keys(v).length > 0, 'send at least one field');
export const leadQuery = z.object({ stage: z.enum(LEAD_STAGES).optional(), customerId: id.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

const select = { id: true, customerId: true, conversationId: true, ownerId: true, valueCents: true, stage: true, createdAt: true, updatedAt: true } as const;

export async function createLead(db: Db, bus: DomainBus, input: z.infer<typeof leadCreate>, actorId: string) {
  const conversation = await db.conversation.findUnique({ where: { id: input.conversationId }, select: { customerId: true } });
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND', undefined, 'conversationId');
  const ownerId = input.ownerId ?? actorId;
  if (input.ownerId && !(await db.user.findUnique({ where: { id: ownerId }, select: { id: true } }))) throw new AppError('USER_NOT_FOUND', undefined, 'ownerId');
  const lead = await db.$transaction(async (tx) => {
    const created = await tx.lead.create({ data: { customerId: conversation.customerId, conversationId: input.conversationId, ownerId, valueCents: input.valueCents, stage: input.stage }, select });
    await tx.auditLog.create({ data: { actorId, action: 'lead.create', subjectType: 'lead', subjectId: created.id, data: { conversationId: input.conversationId } } });
    await enqueueLeadCreated(tx, created.id);
    return created;
  });
  bus.emit('lead.created', { leadId: lead.id, customerId: lead.customerId, conversationId: lead.conversationId, webhooksQueued: true });
  return lead;
}

export async function updateLead(db: Db, leadId: string, patch: z.infer<typeof leadPatch>, actorId: string) {
  if (!(await db.lead.findUnique({ where: { id: leadId }, select: { id: true } }))) throw new AppError('NOT_FOUND', 'No such lead');
  if (patch.ownerId && !(await db.user.findUnique({ where: { id: patch.ownerId }, select: { id: true } }))) throw new AppError('USER_NOT_FOUND', undefined, 'ownerId');
  const [lead] = await db.$transaction([
    db.lead.update({ where: { id: leadId }, data: patch, select }),
    db.auditLog.create({ data: { actorId, action: 'lead.update', subjectType: 'lead', subjectId: leadId, data: patch } }),
  ]);
  return lead;
}

export function listLeads(db: Db, q: z.infer<typeof leadQuery>) {
  return db.lead.findMany({
    where: { ...(q.stage ? { stage: q.stage } : {}), ...(q.customerId ? { customerId: q.customerId } : {}) },
    orderBy: { createdAt: 'desc' }, take: q.limit,
    select: { ...select, customer: { select: { id: true, name: true, email: true, company: true } } },
  });
}
