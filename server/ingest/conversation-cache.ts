// Remembers each sender's open conversation, so a chat message on an open conversation needs
// no lookups before it is stored. Entries expire quickly: another node may resolve the
// conversation, and then the next message must take the full path again.
export interface OpenConversation { customerId: string; conversationId: string }

const TTL_MS = 30_000;
const MAX_ENTRIES = 100_000;

export class ConversationCache {
  private bySender = new Map<string, OpenConversation & { expires: number; checking?: boolean }>();
  private senders = new Map<string, string>(); // conversationId -> sender key

  static key(inboxId: string, kind: string, value: string): string {
    return `${inboxId}|${kind}|${value}`;
  }

  get(key: string): OpenConversation | undefined {
    const hit = this.bySender.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.bySender.delete(key);
      return undefined;
    }
    return hit;
  }

  /** Hit in the last quarter of its life: worth re-checking in the background, so it never lapses mid-chat. */
  dueForCheck(key: string): boolean {
    const hit = this.bySender.get(key);
    return !!hit && !hit.checking && hit.expires - Date.now() < TTL_MS / 4;
  }

  /** Re-checks the entry's conversation once; still open extends it, anything else drops it. */
  async revalidate(key: string, stillOpen: (conversationId: string) => Promise<boolean>): Promise<void> {
    const hit = this.bySender.get(key);
    if (!hit || hit.checking) return;
    hit.checking = true;
    try {
      const open = await stillOpen(hit.conversationId);
      if (this.bySender.get(key) !== hit) return;
      if (open) hit.expires = Date.now() + TTL_MS * (0.75 + Math.random() / 2);
      else this.forgetConversation(hit.conversationId);
    } finally {
      hit.checking = false;
    }
  }

  set(key: string, value: OpenConversation): void {
    // Maps keep insertion order, so the first key is the oldest: a cheap bound on memory.
    if (this.bySender.size >= MAX_ENTRIES) {
      const [oldest, entry] = this.bySender.entries().next().value!;
      this.bySender.delete(oldest);
      this.senders.delete(entry.conversationId);
    }
    // Spread, so senders cached together do not all take the full path in the same second.
    this.bySender.set(key, { ...value, expires: Date.now() + TTL_MS * (0.75 + Math.random() / 2) });
    this.senders.set(value.conversationId, key);
  }

  /** A status change (resolved, snoozed) sends the next message down the full path. */
  forgetConversation(conversationId: string): void {
    const key = this.senders.get(conversationId);
    if (key) this.bySender.delete(key);
    this.senders.delete(conversationId);
  }
}
