// How a mailbox watcher paces itself (kept apart from watcher.ts, so the adapter can read it
// without loading imapflow).
export interface WatcherTiming {
  leaseTtlMs: number;
  renewMs: number;
  /** How often a node without the lease asks again. */
  leaseRetryMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Messages re-read after a UIDVALIDITY change or on the very first start. */
  resyncCount: number;
}

export const DEFAULT_TIMING: WatcherTiming = { leaseTtlMs: 60_000, renewMs: 20_000, leaseRetryMs: 20_000, backoffMinMs: 1_000, backoffMaxMs: 300_000, resyncCount: 50 };
