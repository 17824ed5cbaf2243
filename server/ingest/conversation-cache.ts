// Remembers each sender's open conversation, so a chat message on an open conversation needs
// no lookups before it is stored. Entries expire quickly: another node may resolve the
// conversation, and then the next message must take the full path again.
export interface OpenConversation { customerId: string; conversationId: string }

const TTL_MS = 30_000;
const MAX_ENTRIES = 100_000;

export class ConversationCache {
  private bySender = new Map<string, OpenConversation & { expires: number }>();
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

  set(key: string, value: OpenConversation): void {
    // Maps keep insertion order, so the first key is the oldest: a cheap bound on memory.
    if (this.bySender.size >= MAX_ENTRIES) {
      const [oldest, entry] = this.bySender.entries().next().value!;
      this.bySender.delete(oldest);
      this.senders.delete(entry.conversationId);
    }
    this.bySender.set(key, { ...value, expires: Date.now() + TTL_MS });
    this.senders.set(value.conversationId, key);
  }

  /** A status change (resolved, snoozed) sends the next message down the full path. */
  forgetConversation(conversationId: string): void {
    const key = this.senders.get(conversationId);
    if (key) this.bySender.delete(key);
    this.senders.delete(conversationId);
  }
}
