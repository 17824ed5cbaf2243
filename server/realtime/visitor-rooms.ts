// Which widget rooms a conversation's messages go to: one per visitor id its customer has used.
// A customer rarely changes, so the answer is cached for a minute, and callers that arrive while
// it is being read share that read (a new chat's first messages all ask at once).
import type { Db } from '../db/client.js';
import { rooms } from './rooms.js';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export class VisitorRooms {
  private cache = new Map<string, { rooms: string[] | Promise<string[]>; expires: number }>();

  constructor(private db: Db) {}

  /** An array when cached, so the chat hot path stays synchronous; otherwise the shared read. */
  of(conversationId: string): string[] | Promise<string[]> {
    const hit = this.cache.get(conversationId);
    if (hit && hit.expires > Date.now()) return hit.rooms;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    const entry: { rooms: string[] | Promise<string[]>; expires: number } = { rooms: [], expires: Date.now() + TTL_MS };
    entry.rooms = this.lookup(conversationId).then(
      (found) => {
        entry.rooms = found;
        return found;
      },
      (err: unknown) => {
        // A failed read is not remembered: the next caller tries again.
        if (this.cache.get(conversationId) === entry) this.cache.delete(conversationId);
        throw err;
      },
    );
    this.cache.set(conversationId, entry);
    return entry.rooms;
  }

  private async lookup(conversationId: string): Promise<string[]> {
    const c = await this.db.conversation.findUnique({
      where: { id: conversationId },
      select: { inboxId: true, channel: true, customer: { select: { identities: { where: { kind: 'visitor' }, select: { value: true } } } } },
    });
    if (!c || c.channel !== 'webchat') return [];
    return c.customer.identities.map((i) => rooms.visitor(c.inboxId, i.value));
  }
}
