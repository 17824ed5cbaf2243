// Per-account sign-in backoff: after FREE_FAILURES wrong passwords in a row, each further attempt on
// that account waits 1 s, 2 s, 4 s ... up to 15 min after the last failure, from whatever address it
// comes, the right password included (a wait is no oracle). Unknown accounts back off alike, so the
// limit tells nobody which accounts exist. A successful sign-in clears the count.
import { createHash } from 'node:crypto';
import { createLimiter, type LimiterStore } from '../http/limiter-store.js';

export interface BackoffPolicy { freeFailures: number; firstDelaySec: number; maxDelaySec: number }
export const DEFAULT_BACKOFF: BackoffPolicy = { freeFailures: 5, firstDelaySec: 1, maxDelaySec: 15 * 60 };
const FORGET_AFTER_SEC = 24 * 3600;

/** The wait after the n-th failure in a row (1-based): 0 while free, then doubling to the cap. */
export function delayAfter(failures: number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures <= p.freeFailures) return 0;
  return Math.min(p.firstDelaySec * 2 ** Math.min(failures - p.freeFailures - 1, 30), p.maxDelaySec);
}

export class LoginThrottle {
  private failures;
  private waits;

  constructor(store: LimiterStore, private policy: BackoffPolicy = DEFAULT_BACKOFF) {
    // Huge points: this limiter only counts; the waits are blocks on the second one.
    this.failures = createLimiter(store, 'login-failures', Number.MAX_SAFE_INTEGER, FORGET_AFTER_SEC);
    this.waits = createLimiter(store, 'login-wait', 1, 1);
  }

  /** Seconds this account must still wait before trying; 0 when it may try now. */
  async waitSec(account: string): Promise<number> {
    const res = await this.waits.get(key(account));
    return res && res.consumedPoints > 1 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  }

  async failed(account: string): Promise<void> {
    const res = await this.failures.penalty(key(account), 1);
    const wait = delayAfter(res.consumedPoints, this.policy);
    if (wait > 0) await this.waits.block(key(account), wait);
  }

  async succeeded(account: string): Promise<void> {
    await Promise.all([this.failures.delete(key(account)), this.waits.delete(key(account))]);
  }
}

// Hashed: no email addresses in Redis keys, and a bounded key length.
const key = (account: string) => createHash('sha256').update(account.trim().toLowerCase()).digest('base64url').slice(0, 22);
