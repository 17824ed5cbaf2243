// Agent-editable profile: tags, flat custom attributes, notes and contact details. Contact details
// typed by an agent are unverified: they help find duplicates but never link identities.
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { normalizeIdentity } from '../ingest/customers.js';
import { enqueueCustomerUpdated } from '../webhooks/enqueue.js';
import './events.js';

const attrKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'keys are letters, digits, _ . -');
const attrValue = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

export const customerPatch = z.object({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  email: z.email('must be an email address').max(254).nullable().optional(),
  phone: z.string().trim().min(3).max(40).regex(/^[+\d\s().-]+$/, 'must be a phone number').nullable().optional(),
  company: z.string().trim().max(200).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
  // Flat on purpose: values are shown and filtered as-is, never nested objects.
  attributes: z.record(attrKey, attrValue, { error: (iss) => (iss.code === 'invalid_key' ? 'keys are 1-64 letters, digits, _ . -' : undefined) }).refine((r) => Object.keys(r).length <= 100, 'at most 100 attributes').optional(),
  notes: z.string().max(10_000).nullable().optional(),
}).strict().refine((v) => Object.keys(v).length > 0, 'send at least one field');

export type CustomerPatch = z.infer<typeof customerPatch>;

export async function updateCustomer(db: Db, bus: DomainBus, customerId: string, patch: CustomerPatch, actorId: string | null) {
  const current = await db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!current) throw new AppError('CUSTOMER_NOT_FOUND');
  const data: Prisma.CustomerUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.email !== undefined) data.email = patch.email === null ? null : normalizeIdentity('email', patch.email);
  if (patch.phone !== undefined) data.phone = patch.phone === null ? null : normalizeIdentity('phone', patch.phone);
  if (patch.company !== undefined) data.company = patch.company || null;
  if (patch.tags !== undefined) data.tags = [...new Set(patch.tags)];
  if (patch.attributes !== undefined) data.attributes = patch.attributes;
  if (patch.notes !== undefined) data.notes = patch.notes;
  const { updated, version } = await db.$transaction(async (tx) => {
    const row = await tx.customer.update({ where: { id: customerId }, data });
    const audit = await tx.auditLog.create({ data: { actorId, action: 'customer.update', subjectType: 'customer', subjectId: customerId, data: { fields: Object.keys(patch) } }, select: { id: true } });
    // The audit id is unique per change, so two edits in the same millisecond are two webhooks.
    await enqueueCustomerUpdated(tx, customerId, 'profile', audit.id);
    return { updated: row, version: audit.id };
  });
  bus.emit('customer.updated', { customerId, change: 'profile', version, webhooksQueued: true });
  return updated;
}
