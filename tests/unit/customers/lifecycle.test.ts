// Lifecycle rules as pure functions: each stage, the order of the rules, and the reason given.
import { describe, expect, it } from 'vitest';
import { computeLifecycle, DEFAULT_LIFECYCLE, lifecycleRules, valueByCurrency } from '../../../server/customers/lifecycle.js';

const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const buy = (d: number, amountCents = 1000, currency = 'USD') => ({ amountCents, currency, purchasedAt: daysAgo(d) });

describe('lifecycle', () => {
  it('no purchase is a prospect, whatever the activity', () => {
    expect(computeLifecycle({ purchases: [], lastActivityAt: daysAgo(1) }, now).stage).toBe('prospect');
    expect(computeLifecycle({ purchases: [], lastActivityAt: null }, now).stage).toBe('prospect');
  });

  it('one purchase within 90 days is new', () => {
    const l = computeLifecycle({ purchases: [buy(10)], lastActivityAt: null }, now);
    expect(l.stage).toBe('new');
    expect(l.reason).toContain('10 days');
  });

  it('two purchases are returning, five are loyal', () => {
    expect(computeLifecycle({ purchases: [buy(5), buy(40)], lastActivityAt: null }, now).stage).toBe('returning');
    expect(computeLifecycle({ purchases: [1, 2, 3, 4, 5].map((d) => buy(d)), lastActivityAt: null }, now).stage).toBe('loyal');
  });

  it('a lifetime value at the threshold in one currency is loyal; currencies are never added', () => {
    expect(computeLifecycle({ purchases: [buy(3, DEFAULT_LIFECYCLE.loyalValueCents)], lastActivityAt: null }, now).stage).toBe('loyal');
    const split = [buy(3, 60_000, 'USD'), buy(4, 60_000, 'EUR')];
    expect(computeLifecycle({ purchases: split, lastActivityAt: null }, now).stage).toBe('returning');
    expect(valueByCurrency(split)).toEqual({ USD: 60_000, EUR: 60_000 });
  });

  it('180 days without purchase or conversation after a purchase is churned, even for a loyal customer', () => {
    const old = [200, 210, 220, 230, 240].map((d) => buy(d));
    expect(computeLifecycle({ purchases: old, lastActivityAt: daysAgo(190) }, now).stage).toBe('churned');
    expect(computeLifecycle({ purchases: [buy(181)], lastActivityAt: null }, now).stage).toBe('churned');
  });

  it('a recent conversation keeps an old customer from churning', () => {
    expect(computeLifecycle({ purchases: [buy(200), buy(250)], lastActivityAt: daysAgo(30) }, now).stage).toBe('returning');
    const single = computeLifecycle({ purchases: [buy(120)], lastActivityAt: daysAgo(5) }, now);
    expect(single.stage).toBe('new');
    expect(single.reason).toContain('still in contact');
  });

  it('returns the rules alongside, in the order they are checked', () => {
    const l = computeLifecycle({ purchases: [], lastActivityAt: null }, now);
    expect(l.rules).toEqual(lifecycleRules());
    expect(l.rules.map((r) => r.stage)).toEqual(['prospect', 'churned', 'loyal', 'returning', 'new']);
  });

  it('honours custom thresholds', () => {
    const o = { ...DEFAULT_LIFECYCLE, loyalPurchases: 2, churnAfterDays: 30 };
    expect(computeLifecycle({ purchases: [buy(1), buy(2)], lastActivityAt: null }, now, o).stage).toBe('loyal');
    expect(computeLifecycle({ purchases: [buy(31)], lastActivityAt: null }, now, o).stage).toBe('churned');
  });
});
