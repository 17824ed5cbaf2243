// Durable work queue in the database: enqueued in the same transaction as the change that needs
// it, claimed with an atomic conditional update (safe on many nodes), retried with backoff.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/client.js';
import type { Logger } from '../log.js';
import { truncate } from '../text.js';

type Tx = Prisma.TransactionClient | Db;
export type JobHandler = (payload: Record<string, unknown>, job: { id: string; attempts: number }) => Promise<void>;

/** Thrown by a handler when retrying cannot help; the job goes straight to `dead`. */
export class PermanentJobError extends Error {}

const MAX_ATTEMPTS = 8;

function retryAfterOf(err: unknown): number {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? Math.min(ms, 3_600_000) : 0;
}
const LOCK_MS = 60_000;

export function enqueue(tx: Tx, kind: string, payload: Record<string, unknown>, dedupeKey?: string) {
  return tx.outboxJob.create({ data: { kind, payload: payload as Prisma.InputJsonValue, dedupeKey: dedupeKey ?? null } });
}

/** 1 s, 2 s, 4 s ... capped at 5 minutes, with jitter so retries from many jobs spread out. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
}

export class OutboxWorker {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private readonly owner = randomUUID();

  constructor(private db: Db, private log: Logger, private pollMs = 1000) {}

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** Runs due jobs now (called after an enqueue so delivery does not wait for the poll). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    // A database outage (failover, restart) must cost a poll, never the process.
    void this.drain().catch((err: unknown) => this.log.warn({ err }, 'outbox poll failed')).finally(() => {
      this.running = false;
      if (this.again && this.timer) {
        this.again = false;
        this.kick();
      }
    });
  }

  async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const now = new Date();
      const due = await this.db.outboxJob.findMany({
        where: { status: 'pending', runAfter: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        orderBy: { runAfter: 'asc' },
        take: 20,
      });
      if (due.length === 0) return done;
      for (const job of due) if (await this.runOne(job)) done++;
    }
  }

  private async runOne(job: { id: string; kind: string; payload: unknown; attempts: number; lockedUntil: Date | null }): Promise<boolean> {
    const now = new Date();
    // Claim: only one node's conditional update matches. `attempts` grows with every claim, so a row
    // listed before another node claimed it and let it fail (lock back to null) no longer matches.
    const claimed = await this.db.outboxJob.updateMany({
      where: { id: job.id, status: 'pending', attempts: job.attempts, runAfter: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedBy: this.owner, lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: { increment: 1 } },
    });
    if (claimed.count !== 1) return false;
    const attempts = job.attempts + 1;
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(job.payload as Record<string, unknown>, { id: job.id, attempts });
      // Only while still ours: past the lease another node may have claimed it and must decide.
      await this.db.outboxJob.updateMany({ where: { id: job.id, lockedBy: this.owner }, data: { status: 'done', lockedUntil: null, lastError: null } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = err instanceof PermanentJobError || attempts >= MAX_ATTEMPTS;
      this.log.warn({ job: job.id, kind: job.kind, attempts, dead, err: message }, 'outbox job failed');
      const released = await this.db.outboxJob.updateMany({
        where: { id: job.id, lockedBy: this.owner },
        // A provider's own Retry-After (Slack, Twilio 429) wins over our backoff when it is longer.
        data: { status: dead ? 'dead' : 'pending', lockedUntil: null, lastError: truncate(message, 1000), runAfter: new Date(Date.now() + Math.max(backoffMs(attempts), retryAfterOf(err))) },
      });
      if (dead && released.count === 1) await this.onDead?.(job.kind, job.payload as Record<string, unknown>, message);
    }
    return true;
  }

  /** Called once when a job gives up, so its owner can record the failure (e.g. message failed). */
  onDead?: (kind: string, payload: Record<string, unknown>, reason: string) => Promise<void>;
}
