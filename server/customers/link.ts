// Links a widget visitor to a site-verified user. Only call after verifyWidgetIdentity passed:
// the 'user' identity is verified, so it is the one identifier we link on automatically.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { mergeInTx } from './merge.js';
import { userIdentityValue } from './identity.js';

export interface LinkResult {
  customerId: string;
  /** Set when an anonymous visitor record was merged into the user's customer (undoable). */
  mergeAuditId: string | null;
  /** Customers whose visitor ids changed (their conversations now reach other widget rooms). */
  changed: string[];
}

export async function linkVerifiedUser(db: Db, inboxId: string, visitorId: string, userId: string, name?: string): Promise<LinkResult> {
  try {
    return await linkOnce(db, inboxId, visitorId, userId, name);
  } catch (err) {
    // Two tabs of the same user connecting at once: the loser re-reads the winner's rows.
    if (!isUniqueViolation(err)) throw err;
    return linkOnce(db, inboxId, visitorId, userId, name);
  }
}

function linkOnce(db: Db, inboxId: string, visitorId: string, userId: string, name?: string): Promise<LinkResult> {
  const userValue = userIdentityValue(inboxId, userId);
  return db.$transaction(async (tx) => {
    const user = await tx.customerIdentity.findUnique({ where: { kind_value: { kind: 'user', value: userValue } }, select: { customerId: true } });
    const visitor = await tx.customerIdentity.findUnique({ where: { kind_value: { kind: 'visitor', value: visitorId } }, select: { id: true, customerId: true } });
    if (!user) {
      // First time we see this user: it joins the visitor's record (or a new one).
      const customerId = visitor?.customerId ?? (await tx.customer.create({ data: { name: name ?? null }, select: { id: true } })).id;
      await tx.customerIdentity.create({ data: { customerId, kind: 'user', value: userValue, verified: true } });
      if (!visitor) await tx.customerIdentity.create({ data: { customerId, kind: 'visitor', value: visitorId, verified: false } });
      return { customerId, mergeAuditId: null, changed: visitor ? [] : [customerId] };
    }
    const customerId = user.customerId;
    if (!visitor) {
      await tx.customerIdentity.create({ data: { customerId, kind: 'visitor', value: visitorId, verified: false } });
      return { customerId, mergeAuditId: null, changed: [customerId] };
    }
    if (visitor.customerId === customerId) return { customerId, mergeAuditId: null, changed: [] };
    // An anonymous record (no verified identity besides browser visitor ids) is this same person
    // before signing in: merge it whole so its chat follows; otherwise only this visitor id joins.
    const verifiedElsewhere = await tx.customerIdentity.count({ where: { customerId: visitor.customerId, verified: true, kind: { not: 'visitor' } } });
    if (verifiedElsewhere === 0) {
      const { auditId } = await mergeInTx(tx, customerId, visitor.customerId, null, 'widget identity verified');
      return { customerId, mergeAuditId: auditId, changed: [customerId, visitor.customerId] };
    }
    await tx.customerIdentity.update({ where: { id: visitor.id }, data: { customerId } });
    return { customerId, mergeAuditId: null, changed: [customerId, visitor.customerId] };
  });
}
