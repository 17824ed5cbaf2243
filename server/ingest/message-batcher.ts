// Groups inbound chat messages that arrive together into one transaction, so the per-call cost
// is paid once per batch, not once per message. Each caller's promise resolves only after its
// batch has committed: acknowledged only after stored.
import type { ChatMessageRow, ChatMessageStore, StoredMessage } from './message-store.js';

interface Pending { row: ChatMessageRow; resolve: (m: StoredMessage) => void; reject: (e: unknown) => void }

// Bounds one transaction's size (and its bound values: SQLite allows 999 per statement elsewhere).
const MAX_BATCH = 200;

export class MessageBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private store: ChatMessageStore) {}

  write(row: ChatMessageRow): Promise<StoredMessage> {
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
      await this.storeBatch(batch);
    } catch (err) {
      // One bad row (say, its conversation was just merged away) must not fail its neighbours.
      if (batch.length === 1) batch[0]!.reject(err);
      else for (const p of batch) await this.storeBatch([p]).catch(p.reject);
    } finally {
      this.flushing = false;
      if (this.queue.length) setImmediate(() => void this.flush());
    }
  }

  private async storeBatch(batch: Pending[]): Promise<void> {
    const stored = await this.store.insert(batch.map((p) => p.row), new Date());
    stored.forEach((s, i) => batch[i]!.resolve(s));
  }
}
