// Groups inbound chat messages that arrive together into one transaction, so the per-call cost
// is paid once per batch, not once per message. Each caller's promise resolves only after its
// batch has committed: acknowledged only after stored.
import type { ChatMessageRow, ChatMessageStore, StoredMessage } from './message-store.js';

interface Pending { row: ChatMessageRow; resolve: (m: StoredMessage | null) => void; reject: (e: unknown) => void }

// Bounds one transaction's size (and its bound values: SQLite allows 999 per statement elsewhere).
const MAX_BATCH = 200;

export class MessageBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  // Conversations with a batch in flight: their next messages wait, so a conversation's messages
  // commit in the order they arrived and two batches never wait on each other's row locks.
  private busy = new Set<string>();
  private scheduled = false;

  /** maxInFlight > 1 overlaps a batch's round trip to a database server with the next batch. */
  constructor(private store: ChatMessageStore, private maxInFlight = 1) {}

  /** Null: the conversation was no longer open, and nothing was stored (message-store.ts). */
  write(row: ChatMessageRow): Promise<StoredMessage | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  // Everything that arrives in this turn of the event loop goes in one batch.
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) {
      if (batch.length < MAX_BATCH && !this.busy.has(p.row.conversationId)) batch.push(p);
      else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight) return;
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    const conversations = new Set(batch.map((p) => p.row.conversationId));
    for (const id of conversations) this.busy.add(id);
    this.inFlight++;
    if (this.queue.length) this.schedule();
    try {
      await this.storeBatch(batch);
    } catch (err) {
      // One bad row (say, its conversation was just merged away) must not fail its neighbours.
      if (batch.length === 1) batch[0]!.reject(err);
      else for (const p of batch) await this.storeBatch([p]).catch(p.reject);
    } finally {
      for (const id of conversations) this.busy.delete(id);
      this.inFlight--;
      if (this.queue.length) this.schedule();
    }
  }

  private async storeBatch(batch: Pending[]): Promise<void> {
    const stored = await this.store.insert(batch.map((p) => p.row), new Date());
    stored.forEach((s, i) => batch[i]!.resolve(s));
  }
}
