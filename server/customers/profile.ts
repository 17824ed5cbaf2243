// The Customer 360 additions to GET /api/customers/:id: lifecycle, purchases and value,
// leads, open conversations and CSAT given.
import type { Db } from '../db/client.js';
import { computeLifecycle, valueByCurrency } from './lifecycle.js';
import { VIP_THRESHOLD_CENTS } from './value.js';

export async function customer360(db: Db, customerId: string, now = new Date()) {
  const [purchases, leads, openConversations, csat, lastConversation] = await Promise.all([
    db.purchase.findMany({ where: { customerId }, orderBy: { purchasedAt: 'desc' }, select: { id: true, orderNumber: true, amountCents: true, currency: true, items: true, purchasedAt: true } }),
    db.lead.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, conversationId: true, ownerId: true, valueCents: true, stage: true, createdAt: true, updatedAt: true } }),
    db.conversation.count({ where: { customerId, status: { not: 'resolved' } } }),
    db.csatResponse.findMany({ where: { conversation: { customerId } }, orderBy: { createdAt: 'desc' }, take: 50, select: { conversationId: true, score: true, comment: true, channel: true, createdAt: true } }),
    db.conversation.findFirst({ where: { customerId }, orderBy: { lastMessageAt: 'desc' }, select: { lastMessageAt: true } }),
  ]);
  const lifetimeValue = Object.entries(valueByCurrency(purchases)).map(([currency, amountCents]) => ({ currency, amountCents }));
  const top = Math.max(0, ...lifetimeValue.map((v) => v.amountCents));
  const csatAverage = csat.length ? Math.round((csat.reduce((s, r) => s + r.score, 0) / csat.length) * 100) / 100 : null;
  return {
    lifecycle: computeLifecycle({ purchases, lastActivityAt: lastConversation?.lastMessageAt ?? null }, now),
    purchases: purchases.slice(0, 100),
    purchaseCount: purchases.length,
    lifetimeValue,
    vip: top >= VIP_THRESHOLD_CENTS,
    leads,
    openConversations,
    csat: { count: csat.length, average: csatAverage, responses: csat },
  };
}
