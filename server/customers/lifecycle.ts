// Lifecycle stage from purchases and activity: pure, so the rules are testable and shown to agents.
export type LifecycleStage = 'prospect' | 'new' | 'returning' | 'loyal' | 'churned';

export interface LifecycleInput {
  purchases: { amountCents: number; currency: string; purchasedAt: Date }[];
  /** The customer's latest conversation activity (lastMessageAt), if any. */
  lastActivityAt: Date | null;
}

export interface LifecycleOptions {
  newWithinDays: number;
  churnAfterDays: number;
  loyalPurchases: number;
  /** Lifetime value in any one currency at or above this makes a customer loyal. */
  loyalValueCents: number;
}

export const DEFAULT_LIFECYCLE: LifecycleOptions = { newWithinDays: 90, churnAfterDays: 180, loyalPurchases: 5, loyalValueCents: 100_000 };

export interface Lifecycle {
  stage: LifecycleStage;
  rules: { stage: LifecycleStage; rule: string }[];
  reason: string;
}

const DAY = 86_400_000;

/** The rules in the order they are checked; the first that matches decides. */
export function lifecycleRules(o: LifecycleOptions = DEFAULT_LIFECYCLE): Lifecycle['rules'] {
  return [
    { stage: 'prospect', rule: 'no purchase yet' },
    { stage: 'churned', rule: `no purchase and no conversation for ${o.churnAfterDays} days after the last purchase` },
    { stage: 'loyal', rule: `${o.loyalPurchases}+ purchases, or lifetime value >= ${o.loyalValueCents} cents in one currency` },
    { stage: 'returning', rule: '2+ purchases' },
    { stage: 'new', rule: `exactly 1 purchase (made within ${o.newWithinDays} days, or older while still in contact)` },
  ];
}

/** Sum of amounts per currency, e.g. {USD: 12000, EUR: 500}. */
export function valueByCurrency(purchases: LifecycleInput['purchases']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of purchases) out[p.currency] = (out[p.currency] ?? 0) + p.amountCents;
  return out;
}

export function computeLifecycle(input: LifecycleInput, now: Date = new Date(), o: LifecycleOptions = DEFAULT_LIFECYCLE): Lifecycle {
  const rules = lifecycleRules(o);
  const result = (stage: LifecycleStage, reason: string): Lifecycle => ({ stage, rules, reason });
  const n = input.purchases.length;
  if (n === 0) return result('prospect', 'no purchase yet');
  const last = Math.max(...input.purchases.map((p) => p.purchasedAt.getTime()));
  const daysSincePurchase = Math.floor((now.getTime() - last) / DAY);
  const activity = input.lastActivityAt ? Math.max(last, input.lastActivityAt.getTime()) : last;
  const quietDays = Math.floor((now.getTime() - activity) / DAY);
  if (quietDays >= o.churnAfterDays) return result('churned', `last purchase ${daysSincePurchase} days ago and no conversation for ${quietDays} days`);
  const top = Object.entries(valueByCurrency(input.purchases)).sort((a, b) => b[1] - a[1])[0]!;
  if (n >= o.loyalPurchases) return result('loyal', `${n} purchases`);
  if (top[1] >= o.loyalValueCents) return result('loyal', `lifetime value ${top[1]} ${top[0]} cents >= ${o.loyalValueCents}`);
  if (n >= 2) return result('returning', `${n} purchases`);
  return result('new', daysSincePurchase <= o.newWithinDays ? `first purchase ${daysSincePurchase} days ago` : `one purchase ${daysSincePurchase} days ago, still in contact`);
}
