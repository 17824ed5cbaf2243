// Remembers each sender's open conversation, so a chat message on an open conversation needs
// no lookups before it is stored. Entries go stale quickly: another node may resolve the
// conversation. A stale entry is confirmed with one read before it is used again, so a chat that
// paused for a minute resumes on the hot path instead of the full one (about 15 queries).
import { spread } from '../spread.js';

export interface OpenConversation { customerId: string; conversationId: string }

/** Reads the conversation: its customer while it is still open, else null. */
export type OpenCheck = (conversationId: string) => Promise<string | null>;

interface Entry extends OpenConversation {
  expires: number;
  /** A read in flight that confirms the entry (callers meanwhile share it). */
  checking?: Promise<OpenConversation | undefined>;
}

const TTL_MS = 30_000;
const MAX_ENTRIES = 100_000;

export class ConversationCache {
  private bySender = new Map<string, Entry>();
  private senders = new Map<string, string>(); // conversationId -> sender key

  static key(inboxId: string, kind: string, value: string): string {
    return `${inboxId}|${kind}|${value}`;
  }

  /** A fresh entry, usable without a read. */
  get(key: string): OpenConversation | undefined {
    const hit = this.bySender.get(key);
    return hit && hit.expires >= Date.now() ? hit : undefined;
  }

  /**
   * A stale entry, confirmed by one read shared by every caller meanwhile: still open renews it
   * (with the customer read, which a merge may have changed); anything else forgets it.
   */
  confirm(key: string, check: OpenCheck): Promise<OpenConversation | undefined> | undefined {
    const hit = this.bySender.get(key);
    if (!hit) return undefined;
    hit.checking ??= check(hit.conversationId).then(
      (customerId) => {
        hit.checking = undefined;
        if (this.bySender.get(key) !== hit) return undefined;
        if (customerId === null) return void this.forgetConversation(hit.conversationId);
        hit.customerId = customerId;
        hit.expires = Date.now() + spread(TTL_MS);
        return hit;
      },
      () => {
        // Unconfirmed: the caller takes the full path, and the next message asks again.
        hit.checking = undefined;
        return undefined;
      },
    );
    return hit.checking;
  }

  /** In the last quarter of its life, an entry in use is confirmed in the background, so a busy chat never goes stale. */
  recheckIfDue(key: string, check: OpenCheck): void {
    const hit = this.bySender.get(key);
    if (hit && hit.expires - Date.now() < TTL_MS / 4) void this.confirm(key, check);
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

  /** Customers whose conversations or identities moved: their senders' next messages read again. */
  forgetCustomers(customerIds: string[]): void {
    const ids = new Set(customerIds);
    for (const [key, entry] of this.bySender) {
      if (!ids.has(entry.customerId)) continue;
      this.bySender.delete(key);
      this.senders.delete(entry.conversationId);
    }
  }

  /** A status change (resolved, snoozed) sends the next message down the full path. */
  forgetConversation(conversationId: string): void {
    const key = this.senders.get(conversationId);
    if (key) this.bySender.delete(key);
    this.senders.delete(conversationId);
  }
}
