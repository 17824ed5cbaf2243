// Durable work queue in the database: enqueued in the same transaction as the change that needs
// it, claimed with an atomic conditional update (safe on many nodes), retried with backoff. Jobs
// run in lanes, one per destination (a webhook endpoint, an inbox's provider): a lane's jobs run
// one at a time and in order, lanes run side by side (at most MAX_LANES on a node), and a lane
// whose destination just failed pauses for its backoff, so a dead endpoint delays nothing else.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/client.js';
import type { Logger } from '../log.js';
import { truncate } from '../text.js';

type Tx = Prisma.TransactionClient | Db;
export type JobHandler = (payload: Record<string, unknown>, job: { id: string; attempts: number }) => Promise<void>;

/** Thrown by a handler when retrying cannot help; the job goes straight to `dead`. */
export class PermanentJobError extends Error {}

const MAX_ATTEMPTS = 8;
/** Lanes (destinations) a node works on at once. */
export const MAX_LANES = 8;
const LOCK_MS = 60_000;

function retryAfterOf(err: unknown): number {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? Math.min(ms, 3_600_000) : 0;
}

/** `lane` names the destination; jobs without one share their kind's lane. */
/** `runAfter`: not before this time (a message held until its team opens). */
export function enqueue(tx: Tx, kind: string, payload: Record<string, unknown>, opts: { dedupeKey?: string; lane?: string; runAfter?: Date } = {}) {
  return tx.outboxJob.create({ data: { kind, lane: opts.lane ?? kind, payload: payload as Prisma.InputJsonValue, dedupeKey: opts.dedupeKey ?? null, ...(opts.runAfter ? { runAfter: opts.runAfter } : {}) } });
}

/** 1 s, 2 s, 4 s ... capped at 5 minutes, with jitter so retries from many jobs spread out. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
}

type Job = { id: string; kind: string; lane: string; payload: unknown; attempts: number };

/** A job enqueued without a lane (before lanes existed) is a lane of its own. */
const laneOf = (job: Job) => job.lane || `job:${job.id}`;

export class OutboxWorker {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private dispatching = false;
  private again = false;
  private stopping = false;
  private readonly owner = randomUUID();
  /** Lanes running on this node, each a runner that ends when its lane has nothing due or fails. */
  private lanes = new Map<string, Promise<void>>();
  private completed = 0;

  constructor(private db: Db, private log: Logger, private pollMs = 1000) {}

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  /** Stops taking jobs; resolves when the jobs running now have finished. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping = true;
    while (this.lanes.size || this.dispatching) await Promise.race([...this.lanes.values(), new Promise((r) => setTimeout(r, 10))]);
    this.stopping = false;
  }

  /** Starts due jobs now, beside any lane already running (called after an enqueue); a worker not started runs only in drain(). */
  kick(): void {
    if (!this.timer) return;
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    // A database outage (failover, restart) must cost a poll, never the process.
    void this.dispatch().catch((err: unknown) => this.log.warn({ err }, 'outbox poll failed')).finally(() => {
      this.dispatching = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Runs until nothing is due outside paused lanes and nothing runs; returns the jobs this node ran meanwhile. */
  async drain(): Promise<number> {
    const before = this.completed;
    for (;;) {
      await this.dispatch();
      if (this.lanes.size === 0) return this.completed - before;
      await Promise.race(this.lanes.values());
    }
  }

  /** One read of due jobs; a runner for the first job of each lane that is idle here and not paused. */
  private async dispatch(): Promise<void> {
    if (this.lanes.size >= MAX_LANES) return;
    const due = await this.due([...this.lanes.keys(), ...(await this.backingOff())], 50);
    for (const job of due) {
      // Counted again after the read: a lane that ended meanwhile kicked a dispatch of its own.
      if (this.lanes.size >= MAX_LANES) break;
      const lane = laneOf(job);
      if (this.lanes.has(lane)) continue; // its lane started meanwhile, or an earlier job of it is in this read
      const runner = this.runLane(job).finally(() => {
        this.lanes.delete(lane);
        this.kick(); // a free slot: another lane may be waiting
      });
      this.lanes.set(lane, runner);
    }
  }

  /** Lanes whose destination just failed: a job of theirs waits for its retry, so the rest wait too (on every node). */
  private async backingOff(): Promise<string[]> {
    const rows = await this.db.outboxJob.findMany({
      where: { status: 'pending', attempts: { gt: 0 }, runAfter: { gt: new Date() }, lane: { not: '' } },
      select: { lane: true }, distinct: ['lane'], take: 500,
    });
    return rows.map((r) => r.lane);
  }

  private due(excludeLanes: string[], take: number, lane?: string): Promise<Job[]> {
    const now = new Date();
    return this.db.outboxJob.findMany({
      where: {
        status: 'pending', runAfter: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        ...(lane !== undefined ? { lane } : excludeLanes.length ? { lane: { notIn: excludeLanes } } : {}),
      },
      select: { id: true, kind: true, lane: true, payload: true, attempts: true },
      orderBy: [{ runAfter: 'asc' }, { createdAt: 'asc' }],
      take,
    });
  }

  /** A lane's jobs one after another, until none is due or its destination fails (then its retry holds the lane back). */
  private async runLane(first: Job): Promise<void> {
    for (let job: Job | undefined = first; job && !this.stopping; job = first.lane ? (await this.due([], 1, first.lane))[0] : undefined) {
      if ((await this.runOne(job)) === 'retry') return;
    }
  }

  private async runOne(job: Job): Promise<'done' | 'retry' | 'dead' | 'not ours'> {
    const now = new Date();
    // Claim: only one node's conditional update matches. `attempts` grows with every claim, so a row
    // listed before another node claimed it and let it fail (lock back to null) no longer matches.
    const claimed = await this.db.outboxJob.updateMany({
      where: { id: job.id, status: 'pending', attempts: job.attempts, runAfter: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedBy: this.owner, lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: { increment: 1 } },
    });
    if (claimed.count !== 1) return 'not ours';
    const attempts = job.attempts + 1;
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(job.payload as Record<string, unknown>, { id: job.id, attempts });
      // Only while still ours: past the lease another node may have claimed it and must decide.
      await this.db.outboxJob.updateMany({ where: { id: job.id, lockedBy: this.owner }, data: { status: 'done', lockedUntil: null, lastError: null } });
      this.completed++;
      return 'done';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = err instanceof PermanentJobError || attempts >= MAX_ATTEMPTS;
      this.log.warn({ job: job.id, kind: job.kind, lane: job.lane, attempts, dead, err: message }, 'outbox job failed');
      const released = await this.db.outboxJob.updateMany({
        where: { id: job.id, lockedBy: this.owner },
        // A provider's own Retry-After (Slack, Twilio 429) wins over our backoff when it is longer.
        data: { status: dead ? 'dead' : 'pending', lockedUntil: null, lastError: truncate(message, 1000), runAfter: new Date(Date.now() + Math.max(backoffMs(attempts), retryAfterOf(err))) },
      });
      this.completed++;
      if (dead && released.count === 1) await this.onDead?.(job.kind, job.payload as Record<string, unknown>, message);
      return dead ? 'dead' : 'retry';
    }
  }

  /** Called once when a job gives up, so its owner can record the failure (e.g. message failed). */
  onDead?: (kind: string, payload: Record<string, unknown>, reason: string) => Promise<void>;
}
