// Finds or creates the customer behind a channel identity (email, phone, visitor id, Slack user).
import type { Db, Prisma } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import type { IdentityKind } from '../../channels/types.js';
import type { VisitorContext } from '../realtime/contract.js';

type Tx = Prisma.TransactionClient | Db;

export async function resolveCustomer(tx: Tx, identity: { kind: IdentityKind; value: string; name?: string; verified: boolean; context?: VisitorContext }): Promise<string> {
  const value = normalizeIdentity(identity.kind, identity.value);
  const found = await tx.customerIdentity.findUnique({ where: { kind_value: { kind: identity.kind, value } }, select: { customerId: true, customer: { select: { name: true } } } });
  if (found) {
    // A name the channel knows (a WhatsApp profile) names a customer who had none (first seen by SMS); never overwrites one.
    if (identity.name && !found.customer.name) await tx.customer.updateMany({ where: { id: found.customerId, name: null }, data: { name: identity.name } });
    return found.customerId;
  }
  const customer = await tx.customer.create({
    data: {
      name: identity.name ?? null,
      email: identity.kind === 'email' ? value : null,
      phone: identity.kind === 'phone' ? value : null,
      ...(identity.context ? { visitorContext: { ...identity.context } } : {}),
      identities: { create: { kind: identity.kind, value, verified: identity.verified } },
    },
    select: { id: true },
  });
  return customer.id;
}

/** The customer behind an identity, null when nobody used it yet: one read of the (kind, value) key. */
export async function customerIdOf(tx: Tx, kind: IdentityKind, value: string): Promise<string | null> {
  const found = await tx.customerIdentity.findUnique({ where: { kind_value: { kind, value: normalizeIdentity(kind, value) } }, select: { customerId: true } });
  return found?.customerId ?? null;
}

/** Same for callers outside a transaction: a concurrent creator wins and we read its row. */
export async function resolveCustomerRetrying(db: Db, identity: Parameters<typeof resolveCustomer>[1]): Promise<string> {
  try {
    return await resolveCustomer(db, identity);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return resolveCustomer(db, identity);
  }
}

export function normalizeIdentity(kind: IdentityKind, value: string): string {
  const v = value.trim();
  if (kind === 'email') return v.toLowerCase();
  if (kind === 'phone') return v.replace(/^whatsapp:/, '').replace(/[\s().-]/g, '');
  return v;
}
