// Which widget rooms a conversation's messages go to: one per visitor id its customer has used.
// A customer rarely changes, so the answer is cached for a minute, and callers that arrive while
// it is being read share that read (a new chat's first messages all ask at once). It decides who
// receives what, so the events that change it (a merge, its undo, a visitor joining a signed-in
// user, on any node) drop it at once, and a read that overlapped such an event is not kept.
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { rooms } from './rooms.js';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Entry { rooms: string[] | Promise<string[]>; customerId: string | null; expires: number }

export class VisitorRooms {
  private cache = new Map<string, Entry>();
  // Moves on every identity change: a read that started before one may hold the old answer.
  private generation = 0;

  /** `bus` hears this node's events and, with several nodes, the other nodes' too. */
  constructor(private db: Db, bus: DomainBus) {
    bus.on('customer.identities_changed', ({ customerIds }) => this.forgetCustomers(customerIds));
  }

  /** An array when cached, so the chat hot path stays synchronous; otherwise the shared read. */
  of(conversationId: string): string[] | Promise<string[]> {
    const hit = this.cache.get(conversationId);
    if (hit && hit.expires > Date.now()) return hit.rooms;
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    const entry: Entry = { rooms: [], customerId: null, expires: Date.now() + TTL_MS };
    const generation = this.generation;
    const forget = () => {
      if (this.cache.get(conversationId) === entry) this.cache.delete(conversationId);
    };
    entry.rooms = this.lookup(conversationId).then(
      (found) => {
        entry.rooms = found.rooms;
        entry.customerId = found.customerId;
        if (generation !== this.generation) forget();
        return found.rooms;
      },
      (err: unknown) => {
        // A failed read is not remembered: the next caller tries again.
        forget();
        throw err;
      },
    );
    this.cache.set(conversationId, entry);
    return entry.rooms;
  }

  private forgetCustomers(customerIds: string[]): void {
    this.generation++;
    const ids = new Set(customerIds);
    for (const [conversationId, entry] of this.cache) {
      // A read in flight may have started before the change: let it answer its callers, not be kept.
      if (entry.customerId === null || ids.has(entry.customerId)) this.cache.delete(conversationId);
    }
  }

  private async lookup(conversationId: string): Promise<{ rooms: string[]; customerId: string | null }> {
    const c = await this.db.conversation.findUnique({
      where: { id: conversationId },
      select: { inboxId: true, channel: true, customerId: true, customer: { select: { identities: { where: { kind: 'visitor' }, select: { value: true } } } } },
    });
    if (!c || c.channel !== 'webchat') return { rooms: [], customerId: c?.customerId ?? null };
    return { rooms: c.customer.identities.map((i) => rooms.visitor(c.inboxId, i.value)), customerId: c.customerId };
  }
}
