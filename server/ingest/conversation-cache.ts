// Remembers each sender's open conversation, so a chat message on an open conversation needs
// no lookups before it is stored. Entries expire quickly: another node may resolve the
// conversation, and then the next message must take the full path again.
import { spread } from '../spread.js';

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

  /**
   * In the last quarter of its life, an entry in use is re-checked in the background (once), so a
   * busy chat never lapses into the full path: still open extends it, anything else drops it.
   */
  recheckIfDue(key: string, stillOpen: (conversationId: string) => Promise<boolean>): void {
    const hit = this.bySender.get(key);
    if (!hit || hit.checking || hit.expires - Date.now() >= TTL_MS / 4) return;
    hit.checking = true;
    stillOpen(hit.conversationId).then(
      (open) => {
        if (this.bySender.get(key) !== hit) return;
        if (open) hit.expires = Date.now() + spread(TTL_MS);
        else this.forgetConversation(hit.conversationId);
      },
      () => undefined, // unchecked, it simply expires and the next message takes the full path
    ).finally(() => (hit.checking = false));
  }

  set(key: string, value: OpenConversation): void {
    // Maps keep insertion order, so the first key is the oldest: a cheap bound on memory.
    if (this.bySender.size >= MAX_ENTRIES) {
      const [oldest, entry] = this.bySender.entries().next().value!;
      this.bySender.delete(oldest);
      this.senders.delete(entry.conversationId);
    }
    this.bySender.set(key, { ...value, expires: Date.now() + spread(TTL_MS) });
    this.senders.set(value.conversationId, key);
  }

  /** A status change (resolved, snoozed) sends the next message down the full path. */
  forgetConversation(conversationId: string): void {
    const key = this.senders.get(conversationId);
    if (key) this.bySender.delete(key);
    this.senders.delete(conversationId);
  }
}
