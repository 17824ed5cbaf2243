// Customer value for routing: lifetime value and a VIP flag (the router raises VIP priority).
import type { Db } from '../db/client.js';
import { valueByCurrency } from './lifecycle.js';

/** Lifetime value in the customer's main currency at or above this marks a VIP. */
export const VIP_THRESHOLD_CENTS = 100_000;

export interface CustomerValue {
  lifetimeValueCents: number;
  currency: string | null;
  vip: boolean;
}

export async function customerValue(db: Db, customerId: string, vipThresholdCents = VIP_THRESHOLD_CENTS): Promise<CustomerValue> {
  const purchases = await db.purchase.findMany({ where: { customerId }, select: { amountCents: true, currency: true, purchasedAt: true } });
  // Amounts in different currencies are never added together; the largest one decides.
  const top = Object.entries(valueByCurrency(purchases)).sort((a, b) => b[1] - a[1])[0];
  const lifetimeValueCents = top?.[1] ?? 0;
  return { lifetimeValueCents, currency: top?.[0] ?? null, vip: lifetimeValueCents >= vipThresholdCents };
}
