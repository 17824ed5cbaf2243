// The batcher: messages arriving together share a transaction; with room for more than one batch
// in flight, a conversation is never in two at once, so its messages commit in arrival order.
import { describe, expect, it } from 'vitest';
import { MessageBatcher } from '../../../server/ingest/message-batcher.js';
import type { ChatMessageRow, ChatMessageStore, StoredMessage } from '../../../server/ingest/message-store.js';

/** A store whose batches finish when the test says so, recording what was in flight together. */
class SlowStore implements ChatMessageStore {
  inFlight: ChatMessageRow[][] = [];
  committed: ChatMessageRow[] = [];
  maxInFlight = 0;
  overlaps = 0;
  sizes: number[] = [];
  private nextId = 1;
  constructor(readonly concurrency: number, private delayMs: number) {}

  async insert(rows: ChatMessageRow[], now: Date): Promise<StoredMessage[]> {
    const mine = new Set(rows.map((r) => r.conversationId));
    if (this.inFlight.some((b) => b.some((r) => mine.has(r.conversationId)))) this.overlaps++;
    this.inFlight.push(rows);
    this.sizes.push(rows.length);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.length);
    // Later batches may finish first: a database server gives no order between connections.
    await new Promise((r) => setTimeout(r, this.delayMs * (0.5 + Math.random())));
    this.inFlight.splice(this.inFlight.indexOf(rows), 1);
    this.committed.push(...rows);
    return rows.map(() => ({ id: this.nextId++, createdAt: now, created: true, startsReplyClock: false }));
  }

  async close(): Promise<void> {}
}

const row = (conversationId: string, n: number): ChatMessageRow => ({ conversationId, inboxId: 'i', body: `m${n}`, clientMessageId: `${conversationId}-${n}` });

describe('MessageBatcher', () => {
  it('overlaps batches of different conversations, never two of one, and keeps each conversation in order', async () => {
    const store = new SlowStore(3, 5);
    const batcher = new MessageBatcher(store, store.concurrency);
    const writes: Promise<StoredMessage | null>[] = [];
    // Ten conversations, messages arriving over many turns of the event loop.
    for (let n = 0; n < 40; n++) {
      for (let c = 0; c < 10; c++) if ((n + c) % 3 === 0) writes.push(batcher.write(row(`c${c}`, n)));
      await new Promise((r) => setImmediate(r));
    }
    const stored = await Promise.all(writes);
    expect(stored).toHaveLength(writes.length);
    expect(store.overlaps).toBe(0);
    expect(store.maxInFlight).toBeGreaterThan(1);
    expect(store.maxInFlight).toBeLessThanOrEqual(3);
    for (let c = 0; c < 10; c++) {
      const order = store.committed.filter((r) => r.conversationId === `c${c}`).map((r) => Number(r.body.slice(1)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('with one batch in flight, messages arriving meanwhile go together in the next', async () => {
    const store = new SlowStore(1, 10);
    const batcher = new MessageBatcher(store, store.concurrency);
    const first = batcher.write(row('a', 0));
    await new Promise((r) => setTimeout(r, 2));
    const rest = Array.from({ length: 20 }, (_, i) => batcher.write(row(`c${i}`, i)));
    await Promise.all([first, ...rest]);
    expect(store.maxInFlight).toBe(1);
    expect(store.sizes).toEqual([1, 20]);
  });
});
