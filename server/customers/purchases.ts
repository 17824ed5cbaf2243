// Purchases from the ERP or shop: idempotent by order number; the customer is found by a
// verified email/phone identity, else created. The ERP is a trusted, authenticated source.
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { AppError } from '../errors.js';
import { normalizeIdentity } from '../ingest/customers.js';
import { enqueueCustomerUpdated } from '../webhooks/enqueue.js';

type Tx = Prisma.TransactionClient | Db;

export const purchaseInput = z.object({
  orderNumber: z.string().trim().min(1).max(100),
  amountCents: z.number().int().min(0).max(1e12),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code').transform((c) => c.toUpperCase()).default('USD'),
  items: z.array(z.union([z.string().max(500), z.record(z.string(), z.unknown())])).max(500).default([]),
  purchasedAt: z.coerce.date().default(() => new Date()),
  customerId: z.string().min(1).max(64).optional(),
  customer: z.object({
    email: z.email('must be an email address').max(254).optional(),
    phone: z.string().trim().min(3).max(40).regex(/^[+\d\s().-]+$/, 'must be a phone number').optional(),
    name: z.string().trim().max(200).optional(),
  }).optional(),
}).refine((p) => p.customerId || p.customer?.email || p.customer?.phone, { message: 'give customerId or customer.email or customer.phone', path: ['customer'] });

export type PurchaseInput = z.infer<typeof purchaseInput>;
export interface Contact { email?: string | undefined; phone?: string | undefined; name?: string | undefined }

/** Finds the customer by email identity, then phone identity; creates one with both if neither. */
export async function matchCustomer(tx: Tx, contact: Contact): Promise<string> {
  const email = contact.email ? normalizeIdentity('email', contact.email) : null;
  const phone = contact.phone ? normalizeIdentity('phone', contact.phone) : null;
  for (const [kind, value] of [['email', email], ['phone', phone]] as const) {
    if (!value) continue;
    const found = await tx.customerIdentity.findUnique({ where: { kind_value: { kind, value } }, select: { customerId: true } });
    if (found) return found.customerId;
  }
  const identities = [email && { kind: 'email', value: email, verified: true }, phone && { kind: 'phone', value: phone, verified: true }].filter((x) => !!x);
  const created = await tx.customer.create({ data: { name: contact.name || null, email, phone, identities: { create: identities } }, select: { id: true } });
  return created.id;
}

export async function matchCustomerRetrying(db: Db, contact: Contact): Promise<string> {
  try {
    return await matchCustomer(db, contact);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return matchCustomer(db, contact);
  }
}

/** Stores the purchase once; the same order number again returns the stored row (created=false). */
export async function recordPurchase(db: Db, input: PurchaseInput) {
  const existing = await db.purchase.findUnique({ where: { orderNumber: input.orderNumber } });
  if (existing) return { purchase: existing, created: false };
  const customerId = input.customerId ? await liveCustomerId(db, input.customerId) : await matchCustomerRetrying(db, input.customer ?? {});
  try {
    const purchase = await db.$transaction(async (tx) => {
      const row = await tx.purchase.create({
        data: { customerId, orderNumber: input.orderNumber, amountCents: input.amountCents, currency: input.currency, items: input.items as Prisma.InputJsonValue, purchasedAt: input.purchasedAt },
      });
      await enqueueCustomerUpdated(tx, customerId, 'purchase', row.id);
      return row;
    });
    return { purchase, created: true };
  } catch (err) {
    // The same order sent twice at once: the other request stored it.
    if (!isUniqueViolation(err)) throw err;
    return { purchase: await db.purchase.findUniqueOrThrow({ where: { orderNumber: input.orderNumber } }), created: false };
  }
}

/** A merged-away customer's purchases belong to the customer it was merged into. */
async function liveCustomerId(db: Db, id: string): Promise<string> {
  const c = await db.customer.findUnique({ where: { id }, select: { id: true, mergedIntoId: true } });
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer', 'customerId');
  return c.mergedIntoId ?? c.id;
}
