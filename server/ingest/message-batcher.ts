// Groups inbound chat messages that arrive together into one transaction (createManyAndReturn),
// so the ORM's per-call cost is paid once per batch, not once per message. Each caller's
// promise resolves only after its batch has committed: acknowledged only after stored.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';

export interface BatchedMessage {
  conversationId: string;
  inboxId: string;
  body: string;
  clientMessageId: string | null;
}

export interface StoredMessage {
  id: number;
  createdAt: Date;
  /** False when the client id was already stored (a retried send). */
  created: boolean;
}

interface Pending { row: BatchedMessage; resolve: (m: StoredMessage) => void; reject: (e: unknown) => void }

// Two bound values per message in the duplicate check: SQLite allows 999 per statement.
const MAX_BATCH = 200;

export class MessageBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private db: Db) {}

  write(row: BatchedMessage): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      // While a batch is in flight, new messages wait and go together in the next one.
      if (!this.flushing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      await this.store(batch);
    } catch (err) {
      // A unique-key race with the slow path: store one by one so only the duplicate is affected.
      if (isUniqueViolation(err)) for (const p of batch) await this.store([p]).catch(p.reject);
      else for (const p of batch) p.reject(err);
    } finally {
      this.flushing = false;
      if (this.queue.length) setImmediate(() => void this.flush());
    }
  }

  private async store(batch: Pending[]): Promise<void> {
    const withIds = batch.filter((p) => p.row.clientMessageId);
    const existing = withIds.length
      ? await this.db.message.findMany({
          where: { OR: withIds.map((p) => ({ conversationId: p.row.conversationId, clientMessageId: p.row.clientMessageId })) },
          select: { id: true, createdAt: true, conversationId: true, clientMessageId: true },
        })
      : [];
    const seen = new Map(existing.map((m) => [`${m.conversationId}|${m.clientMessageId}`, { id: m.id, createdAt: m.createdAt, created: false }]));
    const fresh: Pending[] = [];
    const sameBatchDuplicates: Pending[] = [];
    const firstInBatch = new Set<string>();
    for (const p of batch) {
      const key = `${p.row.conversationId}|${p.row.clientMessageId}`;
      if (p.row.clientMessageId && seen.has(key)) p.resolve(seen.get(key)!);
      else if (p.row.clientMessageId && firstInBatch.has(key)) sameBatchDuplicates.push(p);
      else {
        if (p.row.clientMessageId) firstInBatch.add(key);
        fresh.push(p);
      }
    }
    if (fresh.length === 0) return;
    const now = new Date();
    const [rows] = await this.db.$transaction([
      this.db.message.createManyAndReturn({
        data: fresh.map((p) => ({ ...p.row, direction: 'in', authorKind: 'customer', deliveryStatus: 'delivered', createdAt: now })),
        select: { id: true, createdAt: true, conversationId: true, clientMessageId: true },
      }),
      this.db.conversation.updateMany({ where: { id: { in: [...new Set(fresh.map((p) => p.row.conversationId))] } }, data: { lastMessageAt: now, lastCustomerMessageAt: now } }),
    ]);
    // Rows come back in insert order; match by position (client ids may be null).
    rows.forEach((r, i) => {
      fresh[i]!.resolve({ id: r.id, createdAt: r.createdAt, created: true });
      if (r.clientMessageId) seen.set(`${r.conversationId}|${r.clientMessageId}`, { id: r.id, createdAt: r.createdAt, created: false });
    });
    for (const p of sameBatchDuplicates) p.resolve(seen.get(`${p.row.conversationId}|${p.row.clientMessageId}`)!);
  }
}
