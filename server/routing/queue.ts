// A team's waiting line, one sorted list per channel: priority desc, then longest waiting first.
// Sorted arrays with binary search: inserts and removals are a memmove, reads are O(log n).

export interface QueueEntry {
  id: string;
  channel: string;
  priority: number;
  /** Epoch ms when the conversation entered the queue; a released conversation keeps it. */
  queuedAt: number;
}

/** True when `a` is served before `b`; the id makes the order total (stable across nodes). */
export function servedBefore(a: QueueEntry, b: QueueEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt;
  return a.id < b.id;
}

export class SortedQueue {
  private items: QueueEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  /** How many entries are served before `e` (its index if it were inserted). */
  rank(e: QueueEntry): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (servedBefore(this.items[mid]!, e)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(e: QueueEntry): void {
    this.items.splice(this.rank(e), 0, e);
  }

  /** Removes the entry with e's id and sort key; false when it is not there. */
  remove(e: QueueEntry): boolean {
    const i = this.rank(e);
    if (this.items[i]?.id !== e.id) return false;
    this.items.splice(i, 1);
    return true;
  }

  peek(): QueueEntry | undefined {
    return this.items[0];
  }

  values(): readonly QueueEntry[] {
    return this.items;
  }
}

/** One team's queue: a SortedQueue per channel, so a full channel never blocks another. */
export class TeamQueue {
  private byChannel = new Map<string, SortedQueue>();

  get size(): number {
    let n = 0;
    for (const q of this.byChannel.values()) n += q.size;
    return n;
  }

  insert(e: QueueEntry): void {
    let q = this.byChannel.get(e.channel);
    if (!q) this.byChannel.set(e.channel, (q = new SortedQueue()));
    q.insert(e);
  }

  remove(e: QueueEntry): boolean {
    return this.byChannel.get(e.channel)?.remove(e) ?? false;
  }

  /** 1-based place in the whole team's line (all channels), for the customer's "you are n-th". */
  position(e: QueueEntry): number {
    let ahead = 0;
    for (const q of this.byChannel.values()) ahead += q.rank(e);
    return ahead + 1;
  }

  /** The first entry served among channels that `canServe` accepts. */
  head(canServe: (channel: string) => boolean): QueueEntry | undefined {
    let best: QueueEntry | undefined;
    for (const [channel, q] of this.byChannel) {
      const top = q.peek();
      if (top && (!best || servedBefore(top, best)) && canServe(channel)) best = top;
    }
    return best;
  }

  channels(): string[] {
    return [...this.byChannel.entries()].filter(([, q]) => q.size > 0).map(([c]) => c);
  }

  /** Every waiting entry, in service order per channel (for sweeps and tests). */
  *entries(): Iterable<QueueEntry> {
    for (const q of this.byChannel.values()) yield* q.values();
  }
}
